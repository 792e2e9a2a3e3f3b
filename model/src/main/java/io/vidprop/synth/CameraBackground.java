package io.vidprop.synth;

import io.vidprop.synth.Photos.Photo;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * What a camera scene's objects move over, none of it an object: a crop of a photograph, usually a ground plane in
 * perspective over it, large soft low-contrast regions, road markings, and static clutter (poles, benches, bins).
 */
final class CameraBackground {
    private final CameraView view;
    private final int width;
    private final int height;

    private CameraBackground(CameraView view) {
        this.view = view;
        this.width = view.width();
        this.height = view.height();
    }

    /**
     * Paints a background into {@code canvas} (BGR, the view's size) and returns the photograph and ground plane
     * before the soft regions and clutter, as packed RGB, for objects camouflaged as what lies behind them. With
     * {@code groundAlways} false the ground plane is drawn only half the time.
     */
    static int[] paint(Random r, CameraView view, BufferedImage canvas, boolean groundAlways) {
        CameraBackground b = new CameraBackground(view);
        int[] bg = new int[b.width * b.height];
        b.paintPhoto(r, bg);
        boolean ground = groundAlways || r.nextDouble() < 0.5;
        if (ground) {
            b.paintGround(r, bg);
        }
        Images.toBgr(bg, canvas);
        b.paintRegionsAndClutter(r, ground, canvas);
        return bg;
    }

    /** A random crop of a photograph (maybe mirrored), its contrast, brightness and saturation changed. */
    private void paintPhoto(Random r, int[] bg) {
        Photo[] all = Photos.all();
        Photo p = all[r.nextInt(all.length)];
        double cw = p.width() * (0.35 + 0.65 * r.nextDouble());
        double ch = cw * height / width;
        if (ch > p.height()) {
            ch = p.height();
            cw = ch * width / height;
        }
        double x0 = r.nextDouble() * (p.width() - cw);
        double y0 = r.nextDouble() * (p.height() - ch);
        boolean mirror = r.nextBoolean();
        double contrast = 0.45 + 0.65 * r.nextDouble();
        double brightness = -35 + 70 * r.nextDouble();
        double saturation = 0.2 + 0.9 * r.nextDouble();
        double sx = cw / width;
        double sy = ch / height;
        for (int y = 0; y < height; y++) {
            double py = y0 + (y + 0.5) * sy - 0.5;
            for (int x = 0; x < width; x++) {
                double px = x0 + ((mirror ? width - 1 - x : x) + 0.5) * sx - 0.5;
                bg[y * width + x] = Rgb.adjust(p.bilinear(px, py), contrast, brightness, saturation);
            }
        }
    }

    /**
     * A ground plane below the horizon: texture coordinates are the plane's, so the texture shrinks towards the
     * horizon, and it fades to its mean colour with distance (haze, and no aliasing near the horizon).
     */
    private void paintGround(Random r, int[] bg) {
        boolean photoTexture = r.nextDouble() < 0.45;
        Photo[] all = Photos.all();
        Photo tex = all[r.nextInt(all.length)];
        double contrast = 0.2 + 0.5 * r.nextDouble();
        int[] tints = {0x8a8a88, 0x6f7a55, 0xa39a86, 0x55575a, 0x8d8275, 0xb0b0ad, 0x4a5a3a};
        int tint = tints[r.nextInt(tints.length)];
        int tintBrightness = -30 + r.nextInt(61);
        int base = Rgb.adjust(tint, 1, tintBrightness, 1);
        double tile = 12 + 50 * r.nextDouble();
        boolean bricks = r.nextBoolean();
        int mortar = 1 + r.nextInt(3);
        double tileVariation = 4 + 14 * r.nextDouble();
        double mortarDarkness = 10 + 30 * r.nextDouble();
        double scale = 0.5 + 1.5 * r.nextDouble();
        double vpX = width * (0.2 + 0.6 * r.nextDouble());
        double fogDepth = 3 + 12 * r.nextDouble();
        double alpha = 0.55 + 0.45 * r.nextDouble();
        double u0 = r.nextDouble() * 1000;
        double v0 = r.nextDouble() * 1000;
        double rotation = (r.nextDouble() - 0.5) * 1.2;
        double cos = Math.cos(rotation);
        double sin = Math.sin(rotation);
        double horizon = view.horizon();
        double span = height - horizon;
        int mean = photoTexture ? Rgb.adjust(tex.meanColour(), contrast, 0, 0.5) : base;
        mean = Rgb.mix(mean, base, photoTexture ? 0.5 : 0);
        for (int y = Math.max(0, (int) Math.ceil(horizon + 1)); y < height; y++) {
            double z = span / (y - horizon);
            double fog = Math.min(1, (z - 1) / fogDepth);
            for (int x = 0; x < width; x++) {
                double gx = (x - vpX) * z;
                double gz = (z - 1) * span;
                double u = (cos * gx - sin * gz) / scale;
                double v = (sin * gx + cos * gz) / scale;
                int c;
                if (photoTexture) {
                    double tu = floorMod(u + u0, tex.width() - 1);
                    double tv = floorMod(v + v0, tex.height() - 1);
                    c = Rgb.mix(Rgb.adjust(tex.rgb()[(int) tv * tex.width() + (int) tu], contrast, 0, 0.5), base,
                            0.5);
                } else {
                    c = paving(u + u0, v + v0, tile, bricks, mortar, tileVariation, mortarDarkness, base);
                }
                c = Rgb.mix(c, mean, fog);
                int i = y * width + x;
                bg[i] = Rgb.mix(bg[i], c, alpha);
            }
        }
    }

    private static double floorMod(double v, double m) {
        double t = v % m;
        return t < 0 ? t + m : t;
    }

    private static int paving(double u, double v, double tile, boolean bricks, int mortar, double variation,
            double mortarDarkness, int base) {
        long row = (long) Math.floor(v / tile);
        double uu = bricks && (row & 1) == 1 ? u + tile / 2 : u;
        long col = (long) Math.floor(uu / tile);
        double fu = uu - col * tile;
        double fv = v - row * tile;
        if (fu < mortar || fv < mortar) {
            return Rgb.adjust(base, 1, -mortarDarkness, 1);
        }
        long h = (row * 0x9E3779B97F4A7C15L) ^ (col * 0xC2B2AE3D27D4EB4FL);
        h = (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L;
        double shade = ((h >>> 40) & 0xffff) / 65535.0 * 2 - 1;
        return Rgb.adjust(base, 1, shade * variation, 1);
    }

    /** Large soft regions (sunlit and shaded patches, lawns, stains), then static clutter: none are objects. */
    private void paintRegionsAndClutter(Random r, boolean ground, BufferedImage canvas) {
        int sw = Math.max(4, width / 8);
        int sh = Math.max(4, height / 8);
        BufferedImage soft = new BufferedImage(sw, sh, BufferedImage.TYPE_INT_ARGB);
        Graphics2D s = soft.createGraphics();
        s.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int regions = 1 + r.nextInt(5);
        for (int i = 0; i < regions; i++) {
            double w = sw * (0.2 + 0.8 * r.nextDouble());
            double h = sh * (0.2 + 0.8 * r.nextDouble());
            double x = r.nextDouble() * sw - w / 3;
            double y = r.nextDouble() * sh - h / 3;
            int a = 20 + r.nextInt(60);
            Color c = switch (r.nextInt(4)) {
                case 0 -> new Color(0, 0, 0, a);
                case 1 -> new Color(255, 255, 255, a);
                default -> new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256), a);
            };
            s.setColor(c);
            s.fill(switch (r.nextInt(3)) {
                case 0 -> new Ellipse2D.Double(x, y, w, h);
                case 1 -> new Rectangle2D.Double(x, y, w, h);
                default -> Shapes.poly(SyntheticVideo.polygon(r), x, y, w, h);
            });
        }
        s.dispose();
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.drawImage(soft, 0, 0, width, height, null);
        double minFoot = view.minFoot();
        if (ground) {
            // Road markings and kerbs, converging on a vanishing point on the horizon.
            double vpX = width * r.nextDouble();
            double vpY = Math.max(view.horizon(), -3.0 * height);
            int lines = r.nextInt(5);
            for (int i = 0; i < lines; i++) {
                int v = 60 + r.nextInt(196);
                g.setColor(new Color(v, v, v - r.nextInt(Math.min(v, 40) + 1), 60 + r.nextInt(120)));
                g.setStroke(new BasicStroke(1 + r.nextInt(4)));
                double bx = width * (-0.5 + 2 * r.nextDouble());
                g.draw(new Line2D.Double(vpX, Math.max(vpY, minFoot), bx, height));
            }
        }
        // Poles, benches, bins, bollards: object-sized, but standing still and never labelled.
        int clutter = r.nextInt(6);
        for (int i = 0; i < clutter; i++) {
            double foot = minFoot + (height * 1.05 - minFoot) * r.nextDouble();
            double person = view.personHeight(foot);
            double x = width * r.nextDouble();
            int grey = 20 + r.nextInt(200);
            g.setColor(new Color(grey, grey, Math.min(255, grey + r.nextInt(30)), 120 + r.nextInt(136)));
            if (r.nextDouble() < 0.4) {
                double w = Math.max(1.5, person * (0.04 + 0.06 * r.nextDouble()));
                double h = person * (1.5 + 2 * r.nextDouble());
                g.fill(new Rectangle2D.Double(x, foot - h, w, h));
            } else {
                double w = person * (0.3 + 1.2 * r.nextDouble());
                double h = person * (0.2 + 0.4 * r.nextDouble());
                g.fill(new Rectangle2D.Double(x, foot - h, w, h));
            }
        }
        g.dispose();
    }
}
