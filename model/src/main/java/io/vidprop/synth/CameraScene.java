package io.vidprop.synth;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.TexturePaint;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A deterministic synthetic scene as a fixed camera sees it: a crop of a photograph (shipped with the jar, see
 * {@code resources/io/vidprop/synth/photos/README.md}), usually overlaid by a ground plane in perspective (a
 * low-contrast photographic or paved texture that shrinks and fades towards the horizon, which may lie above the
 * frame, as for a camera looking down), large soft low-contrast regions, static clutter (poles, benches, road
 * markings), and 2 to 16 moving objects standing on the ground: people-like silhouettes (head, torso, swinging arms
 * and legs; 1:2 to 1:3.5), vehicle-like ones (side and front views, vans) and generic shapes, each scaled by its
 * distance (smaller towards the horizon), drawn far to near so nearer ones occlude, some coloured like the ground
 * behind them. Objects cast shadows on the ground that are not objects. Nuisances: sensor noise, blur or a
 * low-resolution camera's softness, lighting drift, JPEG at quality 20 to 90. Frames are 4:3 or 16:9 at the
 * configuration's width. Frame i depends only on (seed, i).
 *
 * <p>Ground truth as in {@link SyntheticVideo}: the box around each object's visible pixels, for objects of which at
 * least 40% of the in-frame pixels and at least 16 pixels are visible, boxes at least 4 pixels wide and high;
 * shadows, clutter and the photograph's own content are background.
 *
 * <p>Not thread-safe (frames are rendered into reused buffers).
 */
public final class CameraScene {
    /** Photographs from Debian's opencv-doc (OpenCV samples/data, Apache-2.0), downscaled; see photos/README.md. */
    static final List<String> PHOTOS = List.of("aero1.jpg", "aero3.jpg", "aloeL.jpg", "baboon.jpg", "board.jpg",
            "building.jpg", "ela_original.jpg", "fruits.jpg", "graf1.jpg", "home.jpg", "leuvenA.jpg",
            "pca_test1.jpg", "starry_night.jpg", "stuff.jpg");
    private static final int NOISE_TABLE = 1 << 16;
    private static volatile Photo[] photos;

    private final long seed;
    private final SceneConfig config;
    private final int width;
    private final int height;
    private final BufferedImage canvas;
    private final BufferedImage ids;
    private final BufferedImage scratch;
    private final byte[] background;
    private final double horizon;
    private final double bottomHeight;
    private final double minFoot;
    private final List<Actor> actors = new ArrayList<>();
    private final boolean shadows;
    private final double shadowShear;
    private final double shadowLength;
    private final float shadowAlpha;
    private final byte[] noise;
    private final int blur;
    private final double lowResFactor;
    private final double lightPhase;
    private final double lightPeriod;
    private final double lightDrift;
    private final int minQuality;
    private final int maxQuality;

    private enum Kind { PERSON, CAR_SIDE, CAR_FRONT, VAN, BLOB }

    /** An object on the ground: where its feet are at frame 0, how it moves, how it looks. */
    private record Actor(Kind kind, double x0, double foot0, double vx, double vy, double size, double widthRatio,
            double phase, double stepRate, double lean, boolean mirrored, Color top, Color bottom, Color head,
            Color detail, boolean bag, int blobShape, double[] polygon, TexturePaint texture) {}

    private record Photo(int width, int height, int[] rgb) {}

    public CameraScene(long seed, SceneConfig config) {
        this.seed = seed;
        this.config = config;
        Random r = new Random(seed);
        width = config.width();
        height = r.nextBoolean() ? config.height() : Math.max(32, config.width() * 3 / 4);
        canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        ids = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        scratch = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);

        // The camera: where the horizon is (above the frame when looking down), how tall a person is at the bottom.
        double view = r.nextDouble();
        if (view < 0.15) {
            horizon = -20.0 * height;  // looking straight down or a flat view: sizes barely change
        } else if (view < 0.55) {
            horizon = -height * (0.1 + 1.4 * r.nextDouble());
        } else {
            horizon = height * (0.05 + 0.4 * r.nextDouble());
        }
        bottomHeight = height * 0.1 * Math.pow(6, r.nextDouble());
        // Objects stand where a person would be at least 8 px tall.
        minFoot = Math.max(horizon + 8 / bottomHeight * (height - horizon), -0.2 * height);

        int[] bg = new int[width * height];
        paintPhoto(r, bg);
        boolean ground = view >= 0.15 || r.nextDouble() < 0.5;
        if (ground) {
            paintGround(r, bg);
        }
        toCanvas(bg);
        paintRegionsAndClutter(r, ground);
        background = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData().clone();

        int count = 2 + (int) Math.floor(15 * Math.pow(r.nextDouble(), 1.3));
        for (int i = 0; i < count; i++) {
            actors.add(newActor(r, bg, i > 0 && r.nextDouble() < 0.25 ? actors.get(r.nextInt(actors.size())) : null));
        }
        shadows = r.nextDouble() < 0.6;
        shadowShear = (r.nextBoolean() ? 1 : -1) * (0.2 + 1.2 * r.nextDouble());
        shadowLength = (r.nextDouble() < 0.7 ? 1 : -1) * (0.15 + 0.45 * r.nextDouble());
        shadowAlpha = (float) (0.25 + 0.3 * r.nextDouble());
        double sigma = 1 + 8 * r.nextDouble();
        noise = new byte[NOISE_TABLE];
        for (int i = 0; i < NOISE_TABLE; i++) {
            noise[i] = (byte) Math.max(-127, Math.min(127, Math.round(r.nextGaussian() * sigma)));
        }
        double b = r.nextDouble();
        blur = b < 0.35 ? 1 : b < 0.6 ? 2 : 0;
        lowResFactor = 1.5 + 1.5 * r.nextDouble();
        lightPhase = r.nextDouble() * 2 * Math.PI;
        lightPeriod = 20 + r.nextInt(60);
        lightDrift = 0.15 * r.nextDouble();
        minQuality = 20 + r.nextInt(40);
        maxQuality = minQuality + r.nextInt(91 - minQuality);
    }

    public long seed() {
        return seed;
    }

    public SceneConfig config() {
        return config;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    // ----------------------------------------------------------------------------------------------------------
    // Background

    private static Photo[] photos() {
        Photo[] p = photos;
        if (p == null) {
            synchronized (CameraScene.class) {
                p = photos;
                if (p == null) {
                    p = new Photo[PHOTOS.size()];
                    for (int i = 0; i < p.length; i++) {
                        String name = "photos/" + PHOTOS.get(i);
                        try (InputStream in = CameraScene.class.getResourceAsStream(name)) {
                            if (in == null) {
                                throw new IllegalStateException("missing resource io/vidprop/synth/" + name);
                            }
                            BufferedImage img = ImageIO.read(in);
                            int w = img.getWidth();
                            int h = img.getHeight();
                            p[i] = new Photo(w, h, img.getRGB(0, 0, w, h, null, 0, w));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    photos = p;
                }
            }
        }
        return p;
    }

    /** A random crop of a photograph (maybe mirrored), its contrast, brightness and saturation changed. */
    private void paintPhoto(Random r, int[] bg) {
        Photo[] all = photos();
        Photo p = all[r.nextInt(all.length)];
        double cw = p.width * (0.35 + 0.65 * r.nextDouble());
        double ch = cw * height / width;
        if (ch > p.height) {
            ch = p.height;
            cw = ch * width / height;
        }
        double x0 = r.nextDouble() * (p.width - cw);
        double y0 = r.nextDouble() * (p.height - ch);
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
                int c = bilinear(p, px, py);
                bg[y * width + x] = adjust(c, contrast, brightness, saturation);
            }
        }
    }

    private static int bilinear(Photo p, double x, double y) {
        x = Math.max(0, Math.min(p.width - 1.001, x));
        y = Math.max(0, Math.min(p.height - 1.001, y));
        int ix = (int) x;
        int iy = (int) y;
        double fx = x - ix;
        double fy = y - iy;
        int a = p.rgb[iy * p.width + ix];
        int b = p.rgb[iy * p.width + ix + 1];
        int c = p.rgb[(iy + 1) * p.width + ix];
        int d = p.rgb[(iy + 1) * p.width + ix + 1];
        int out = 0;
        for (int s = 16; s >= 0; s -= 8) {
            double v = (1 - fy) * ((1 - fx) * (a >> s & 0xff) + fx * (b >> s & 0xff))
                    + fy * ((1 - fx) * (c >> s & 0xff) + fx * (d >> s & 0xff));
            out = out << 8 | (int) Math.round(v);
        }
        return out;
    }

    private static int adjust(int c, double contrast, double brightness, double saturation) {
        int r = c >> 16 & 0xff;
        int g = c >> 8 & 0xff;
        int b = c & 0xff;
        double grey = 0.299 * r + 0.587 * g + 0.114 * b;
        return channel(r, grey, contrast, brightness, saturation) << 16
                | channel(g, grey, contrast, brightness, saturation) << 8
                | channel(b, grey, contrast, brightness, saturation);
    }

    private static int channel(int v, double grey, double contrast, double brightness, double saturation) {
        double s = grey + saturation * (v - grey);
        return clamp((int) Math.round(128 + contrast * (s - 128) + brightness));
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : v > 255 ? 255 : v;
    }

    private static int mix(int a, int b, double t) {
        int out = 0;
        for (int s = 16; s >= 0; s -= 8) {
            out = out << 8 | (int) Math.round((1 - t) * (a >> s & 0xff) + t * (b >> s & 0xff));
        }
        return out;
    }

    /**
     * A ground plane below the horizon: texture coordinates are the plane's, so the texture shrinks towards the
     * horizon, and it fades to its mean colour with distance (haze, and no aliasing near the horizon).
     */
    private void paintGround(Random r, int[] bg) {
        boolean photoTexture = r.nextDouble() < 0.45;
        Photo[] all = photos();
        Photo tex = all[r.nextInt(all.length)];
        double contrast = 0.2 + 0.5 * r.nextDouble();
        int[] tints = {0x8a8a88, 0x6f7a55, 0xa39a86, 0x55575a, 0x8d8275, 0xb0b0ad, 0x4a5a3a};
        int tint = tints[r.nextInt(tints.length)];
        int tintBrightness = -30 + r.nextInt(61);
        int base = adjust(tint, 1, tintBrightness, 1);
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
        double span = height - horizon;
        int mean = photoTexture ? adjust(meanColour(tex), contrast, 0, 0.5) : base;
        mean = mix(mean, base, photoTexture ? 0.5 : 0);
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
                    double tu = floorMod(u + u0, tex.width - 1);
                    double tv = floorMod(v + v0, tex.height - 1);
                    c = mix(adjust(tex.rgb[(int) tv * tex.width + (int) tu], contrast, 0, 0.5), base, 0.5);
                } else {
                    c = paving(u + u0, v + v0, tile, bricks, mortar, tileVariation, mortarDarkness, base);
                }
                c = mix(c, mean, fog);
                int i = y * width + x;
                bg[i] = mix(bg[i], c, alpha);
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
            return adjust(base, 1, -mortarDarkness, 1);
        }
        long h = (row * 0x9E3779B97F4A7C15L) ^ (col * 0xC2B2AE3D27D4EB4FL);
        h = (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L;
        double shade = ((h >>> 40) & 0xffff) / 65535.0 * 2 - 1;
        return adjust(base, 1, shade * variation, 1);
    }

    private static int meanColour(Photo p) {
        long[] sum = new long[3];
        for (int c : p.rgb) {
            sum[0] += c >> 16 & 0xff;
            sum[1] += c >> 8 & 0xff;
            sum[2] += c & 0xff;
        }
        int n = p.rgb.length;
        return (int) (sum[0] / n) << 16 | (int) (sum[1] / n) << 8 | (int) (sum[2] / n);
    }

    private void toCanvas(int[] bg) {
        byte[] px = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < bg.length; i++) {
            px[3 * i] = (byte) bg[i];
            px[3 * i + 1] = (byte) (bg[i] >> 8);
            px[3 * i + 2] = (byte) (bg[i] >> 16);
        }
    }

    /** Large soft regions (sunlit and shaded patches, lawns, stains), then static clutter: none are objects. */
    private void paintRegionsAndClutter(Random r, boolean ground) {
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
                default -> poly(SyntheticVideo.polygon(r), x, y, w, h);
            });
        }
        s.dispose();
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.drawImage(soft, 0, 0, width, height, null);
        if (ground) {
            // Road markings and kerbs, converging on a vanishing point on the horizon.
            double vpX = width * r.nextDouble();
            double vpY = Math.max(horizon, -3.0 * height);
            int lines = r.nextInt(5);
            for (int i = 0; i < lines; i++) {
                int v = 60 + r.nextInt(196);
                g.setColor(new Color(v, v, v - r.nextInt(Math.min(v, 40) + 1), 60 + r.nextInt(120)));
                g.setStroke(new BasicStroke(1 + r.nextInt(4)));
                double bx = width * (-0.5 + 2 * r.nextDouble());
                g.draw(new java.awt.geom.Line2D.Double(vpX, Math.max(vpY, minFoot), bx, height));
            }
        }
        // Poles, benches, bins, bollards: object-sized, but standing still and never labelled.
        int clutter = r.nextInt(6);
        for (int i = 0; i < clutter; i++) {
            double foot = minFoot + (height * 1.05 - minFoot) * r.nextDouble();
            double person = personHeight(foot);
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

    /** How tall a person standing with their feet at row {@code foot} is. */
    private double personHeight(double foot) {
        return bottomHeight * Math.max(0.0, (foot - horizon) / (height - horizon));
    }

    // ----------------------------------------------------------------------------------------------------------
    // Objects

    private static final int[] CLOTHES = {0x1e1e22, 0x2b2f3a, 0x3c3c3c, 0x55504a, 0x6b6b6b, 0x2f3d55, 0x4a3528,
        0x7a6a55, 0xbfbfbf, 0xe6e6e0, 0x8b1e1e, 0x1f4f8b, 0x3d6b3d, 0xc9a227, 0x5a2d5a, 0x9a9aa0};
    private static final int[] CARS = {0xeeeeec, 0xc0c0c4, 0x9a9ea3, 0x2a2a2e, 0x15161a, 0x7a1a1a, 0x1d3b6e,
        0x2e4a34, 0x6e6a60, 0xb8a27a};
    private static final int[] SKIN = {0xe0b89a, 0xc08a68, 0x8d5a3c, 0x5a3a28, 0x2a201a, 0x3a2a20};

    private Actor newActor(Random r, int[] bg, Actor companion) {
        double kindDraw = r.nextDouble();
        Kind kind = companion != null ? Kind.PERSON
                : kindDraw < 0.62 ? Kind.PERSON : kindDraw < 0.74 ? Kind.CAR_SIDE : kindDraw < 0.8 ? Kind.CAR_FRONT
                : kindDraw < 0.85 ? Kind.VAN : Kind.BLOB;
        double foot;
        double x0;
        if (companion != null) {
            foot = companion.foot0 + (r.nextDouble() - 0.5) * 0.1 * personHeight(companion.foot0);
            x0 = companion.x0 + (r.nextBoolean() ? 1 : -1) * (0.35 + 0.4 * r.nextDouble())
                    * personHeight(companion.foot0);
        } else {
            // More objects far away than near, as on a real ground plane.
            foot = minFoot + (height * 1.08 - minFoot) * Math.pow(r.nextDouble(), 1.4);
            x0 = width * (-0.1 + 1.2 * r.nextDouble());
        }
        double ph = Math.max(1, personHeight(foot));
        double size = kind == Kind.PERSON ? 0.8 + 0.35 * r.nextDouble() * (r.nextDouble() < 0.1 ? -1.2 : 1)
                : kind == Kind.BLOB ? 0.3 + 1.1 * r.nextDouble() : 0.7 + 0.3 * r.nextDouble();
        double vx;
        double vy;
        switch (kind) {
            case PERSON -> {
                vx = companion != null ? companion.vx : (r.nextBoolean() ? 1 : -1) * ph * (0.01 + 0.05 * r.nextDouble());
                vy = companion != null ? companion.vy : (r.nextDouble() - 0.5) * 0.03 * ph;
            }
            case CAR_SIDE, VAN -> {
                vx = (r.nextBoolean() ? 1 : -1) * ph * (0.02 + 0.2 * r.nextDouble());
                vy = 0;
            }
            case CAR_FRONT -> {
                vx = 0;
                vy = (r.nextBoolean() ? 1 : -1) * ph * 0.03 * r.nextDouble();
            }
            default -> {
                vx = (r.nextDouble() - 0.5) * 0.08 * ph;
                vy = (r.nextDouble() - 0.5) * 0.03 * ph;
            }
        }
        double widthRatio = switch (kind) {
            case PERSON -> 0.26 + 0.18 * r.nextDouble();
            case CAR_SIDE -> 2.0 + 1.3 * r.nextDouble();
            case CAR_FRONT -> 1.05 + 0.4 * r.nextDouble();
            case VAN -> 1.6 + 1.4 * r.nextDouble();
            case BLOB -> Math.pow(3, 2 * r.nextDouble() - 1);
        };
        boolean camouflage = r.nextDouble() < 0.3;
        int[] palette = kind == Kind.PERSON || kind == Kind.BLOB ? CLOTHES : CARS;
        Color top = colour(r, palette, camouflage, bg, x0, foot - ph * 0.6);
        Color bottom = colour(r, CLOTHES, camouflage && r.nextBoolean(), bg, x0, foot - ph * 0.2);
        Color head = new Color(SKIN[r.nextInt(SKIN.length)]);
        Color detail = kind == Kind.PERSON ? colour(r, CLOTHES, false, bg, x0, foot)
                : new Color(20 + r.nextInt(60), 25 + r.nextInt(60), 30 + r.nextInt(70));
        int blobShape = r.nextInt(4);
        return new Actor(kind, x0, foot, vx, vy, size, widthRatio, r.nextDouble() * 2 * Math.PI,
                0.4 + 0.5 * r.nextDouble(), (r.nextDouble() - 0.5) * 0.1, r.nextBoolean(), top, bottom, head,
                detail, r.nextDouble() < 0.2, blobShape, blobShape == 2 ? SyntheticVideo.polygon(r) : null,
                blobShape == 3 ? texture(r, 2 + r.nextInt(8)) : null);
    }

    /** A colour from the palette, jittered; camouflaged: close to the background where the object starts. */
    private Color colour(Random r, int[] palette, boolean camouflage, int[] bg, double x, double y) {
        int c;
        if (camouflage) {
            int xi = (int) Math.max(0, Math.min(width - 1, x));
            int yi = (int) Math.max(0, Math.min(height - 1, y));
            c = bg[yi * width + xi];
            int d = (r.nextBoolean() ? 1 : -1) * (12 + r.nextInt(35));
            c = adjust(c, 1, d, 1);
        } else {
            c = palette[r.nextInt(palette.length)];
        }
        int jitter = 12;
        int red = clamp((c >> 16 & 0xff) + r.nextInt(2 * jitter + 1) - jitter);
        int green = clamp((c >> 8 & 0xff) + r.nextInt(2 * jitter + 1) - jitter);
        int blue = clamp((c & 0xff) + r.nextInt(2 * jitter + 1) - jitter);
        return new Color(red, green, blue);
    }

    private static TexturePaint texture(Random r, int cell) {
        BufferedImage tile = new BufferedImage(2 * cell, 2 * cell, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = tile.createGraphics();
        g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
        g.fillRect(0, 0, 2 * cell, 2 * cell);
        g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
        if (r.nextBoolean()) {
            g.fillRect(0, 0, cell, 2 * cell);
        } else {
            g.fillRect(0, 0, cell, cell);
            g.fillRect(cell, cell, cell, cell);
        }
        g.dispose();
        return new TexturePaint(tile, new Rectangle2D.Double(0, 0, 2 * cell, 2 * cell));
    }

    /** A part of an object's silhouette and how it is painted. */
    private record Part(Shape shape, Object paint) {}

    /** The parts of an actor at frame {@code index}, feet centred at (cx, foot), {@code h} tall. */
    private List<Part> parts(Actor a, double cx, double foot, double h, int index) {
        List<Part> parts = new ArrayList<>(10);
        double top = foot - h;
        int dir = a.mirrored ? -1 : 1;
        switch (a.kind) {
            case PERSON -> {
                double w = h * a.widthRatio;
                double swing = Math.sin(a.phase + a.stepRate * index * 2);
                double lean = a.lean * h;
                double hipY = top + 0.5 * h;
                double legW = 0.3 * w;
                double stride = 0.32 * w * swing;
                parts.add(new Part(quad(cx - 0.2 * w + lean * 0.5, hipY, legW, cx - 0.2 * w + stride, foot, legW * 0.8),
                        a.bottom));
                parts.add(new Part(quad(cx + 0.2 * w + lean * 0.5, hipY, legW, cx + 0.2 * w - stride, foot, legW * 0.8),
                        a.bottom));
                double shoulders = 0.82 * w;
                double armW = 0.16 * w;
                parts.add(new Part(quad(cx - shoulders / 2 + lean, top + 0.17 * h, armW,
                        cx - shoulders / 2 - 0.08 * w - stride * 0.7 + lean * 0.3, top + 0.5 * h, armW * 0.8), a.top));
                parts.add(new Part(quad(cx + shoulders / 2 + lean, top + 0.17 * h, armW,
                        cx + shoulders / 2 + 0.08 * w + stride * 0.7 + lean * 0.3, top + 0.5 * h, armW * 0.8), a.top));
                double torsoLength = a.bag ? 0.42 * h : (0.38 + 0.12 * ((a.phase * 7) % 1.0)) * h;
                parts.add(new Part(new RoundRectangle2D.Double(cx - shoulders / 2 + lean * 0.8, top + 0.13 * h,
                        shoulders, torsoLength, 0.3 * w, 0.3 * w), a.top));
                double headW = 0.5 * w;
                double headH = 0.14 * h;
                parts.add(new Part(new Ellipse2D.Double(cx - headW / 2 + lean, top, headW, headH), a.head));
                if (a.bag) {
                    parts.add(new Part(new Rectangle2D.Double(cx + dir * (shoulders / 2 + 0.02 * w) - (dir < 0 ? 0.35 * w : 0),
                            top + 0.4 * h, 0.35 * w, 0.2 * h), a.detail));
                }
            }
            case CAR_SIDE -> {
                double vh = h * 0.85;
                double len = vh * a.widthRatio;
                double t = foot - vh;
                double x = cx - len / 2;
                parts.add(new Part(new RoundRectangle2D.Double(x, t + 0.38 * vh, len, 0.47 * vh, 0.25 * vh, 0.25 * vh),
                        a.top));
                parts.add(new Part(mirrorX(poly(new double[] {-0.32, 0.4, -0.18, 0, 0.16, 0, 0.34, 0.4}, cx, t, len, vh),
                        cx, dir), a.top));
                parts.add(new Part(mirrorX(poly(new double[] {-0.27, 0.38, -0.16, 0.06, 0.13, 0.06, 0.28, 0.38}, cx, t,
                        len, vh), cx, dir), a.detail));
                double wheel = 0.3 * vh;
                parts.add(new Part(new Ellipse2D.Double(cx - 0.3 * len - wheel / 2, foot - wheel, wheel, wheel),
                        new Color(22, 22, 24)));
                parts.add(new Part(new Ellipse2D.Double(cx + 0.3 * len - wheel / 2, foot - wheel, wheel, wheel),
                        new Color(22, 22, 24)));
            }
            case VAN -> {
                double vh = h * 1.1;
                double len = vh * a.widthRatio * 0.8;
                double t = foot - vh;
                double x = cx - len / 2;
                parts.add(new Part(new RoundRectangle2D.Double(x, t, len, 0.86 * vh, 0.12 * vh, 0.12 * vh), a.top));
                parts.add(new Part(mirrorX(new Rectangle2D.Double(cx + 0.28 * len, t + 0.1 * vh, 0.18 * len, 0.3 * vh),
                        cx, dir), a.detail));
                double wheel = 0.26 * vh;
                parts.add(new Part(new Ellipse2D.Double(cx - 0.32 * len - wheel / 2, foot - wheel, wheel, wheel),
                        new Color(22, 22, 24)));
                parts.add(new Part(new Ellipse2D.Double(cx + 0.32 * len - wheel / 2, foot - wheel, wheel, wheel),
                        new Color(22, 22, 24)));
            }
            case CAR_FRONT -> {
                double vh = h * 0.85;
                double w = vh * a.widthRatio;
                double t = foot - vh;
                parts.add(new Part(new Rectangle2D.Double(cx - 0.45 * w, foot - 0.14 * vh, 0.2 * w, 0.14 * vh),
                        new Color(22, 22, 24)));
                parts.add(new Part(new Rectangle2D.Double(cx + 0.25 * w, foot - 0.14 * vh, 0.2 * w, 0.14 * vh),
                        new Color(22, 22, 24)));
                parts.add(new Part(new RoundRectangle2D.Double(cx - w / 2, t + 0.36 * vh, w, 0.52 * vh, 0.15 * w, 0.15 * w),
                        a.top));
                parts.add(new Part(poly(new double[] {-0.42, 0.38, -0.32, 0, 0.32, 0, 0.42, 0.38}, cx, t, w, vh), a.top));
                parts.add(new Part(poly(new double[] {-0.36, 0.35, -0.28, 0.06, 0.28, 0.06, 0.36, 0.35}, cx, t, w, vh),
                        a.detail));
                double light = 0.14 * w;
                Color lamp = new Color(235, 235, 210);
                parts.add(new Part(new Ellipse2D.Double(cx - 0.42 * w, t + 0.48 * vh, light, light * 0.6), lamp));
                parts.add(new Part(new Ellipse2D.Double(cx + 0.42 * w - light, t + 0.48 * vh, light, light * 0.6),
                        lamp));
            }
            case BLOB -> {
                double side = h * a.size;
                double bw = side * Math.sqrt(a.widthRatio);
                double bh = side / Math.sqrt(a.widthRatio);
                double x = cx - bw / 2;
                double y = foot - bh;
                Shape s = switch (a.blobShape) {
                    case 0 -> new Rectangle2D.Double(x, y, bw, bh);
                    case 1 -> new Ellipse2D.Double(x, y, bw, bh);
                    case 2 -> poly(a.polygon, x, y, bw, bh);
                    default -> new Ellipse2D.Double(x, y, bw, bh);
                };
                parts.add(new Part(s, a.texture != null ? a.texture : a.top));
            }
        }
        return parts;
    }

    /** A quadrilateral from a segment of width w1 centred at (x1, y1) to one of width w2 centred at (x2, y2). */
    private static Shape quad(double x1, double y1, double w1, double x2, double y2, double w2) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(x1 - w1 / 2, y1);
        p.lineTo(x1 + w1 / 2, y1);
        p.lineTo(x2 + w2 / 2, y2);
        p.lineTo(x2 - w2 / 2, y2);
        p.closePath();
        return p;
    }

    /** A polygon given as (dx, dy) pairs: x = cx + dx * w, y = top + dy * h. */
    private static Shape poly(double[] pts, double cx, double top, double w, double h) {
        Path2D.Double p = new Path2D.Double();
        for (int i = 0; i < pts.length / 2; i++) {
            double x = cx + pts[2 * i] * w;
            double y = top + pts[2 * i + 1] * h;
            if (i == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        p.closePath();
        return p;
    }

    private static Shape mirrorX(Shape s, double cx, int dir) {
        if (dir > 0) {
            return s;
        }
        AffineTransform t = new AffineTransform(-1, 0, 0, 1, 2 * cx, 0);
        return t.createTransformedShape(s);
    }

    // ----------------------------------------------------------------------------------------------------------
    // Frames

    private record Placed(Actor actor, double foot, List<Part> parts, Area silhouette) {}

    /** Frame {@code index} (0-based) of this scene. */
    public SyntheticFrame frame(int index) {
        byte[] pixels = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
        System.arraycopy(background, 0, pixels, 0, pixels.length);
        byte[] idPixels = ((DataBufferByte) ids.getRaster().getDataBuffer()).getData();
        Arrays.fill(idPixels, (byte) 0);

        List<Placed> placed = new ArrayList<>(actors.size());
        for (Actor a : actors) {
            double foot = SyntheticVideo.bounce(a.foot0 + a.vy * index, minFoot, height * 1.08);
            double x = SyntheticVideo.bounce(a.x0 + a.vx * index, -0.15 * width, 1.15 * width);
            double h = personHeight(foot) * (a.kind == Kind.PERSON ? a.size : a.kind == Kind.BLOB ? 1 : a.size);
            if (h < 2) {
                placed.add(null);
                continue;
            }
            List<Part> parts = parts(a, x, foot, h, index);
            Area silhouette = new Area();
            for (Part p : parts) {
                silhouette.add(new Area(p.shape));
            }
            placed.add(new Placed(a, foot, parts, silhouette));
        }
        Integer[] order = new Integer[placed.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(placed.get(p) == null ? 0 : placed.get(p).foot,
                placed.get(q) == null ? 0 : placed.get(q).foot));

        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        if (shadows) {
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, shadowAlpha));
            g.setColor(Color.BLACK);
            for (Placed p : placed) {
                if (p == null) {
                    continue;
                }
                // Cast onto the ground: points at height d above the feet land d * length above them, sheared.
                AffineTransform t = new AffineTransform(1, 0, -shadowShear, shadowLength, shadowShear * p.foot,
                        (1 - shadowLength) * p.foot);
                g.fill(t.createTransformedShape(p.silhouette));
            }
            g.setComposite(AlphaComposite.SrcOver);
        }
        Graphics2D gi = ids.createGraphics();
        for (int k : order) {
            Placed p = placed.get(k);
            if (p == null) {
                continue;
            }
            for (Part part : p.parts) {
                if (part.paint instanceof TexturePaint t) {
                    g.setPaint(t);
                } else {
                    g.setColor((Color) part.paint);
                }
                g.fill(part.shape);
            }
            gi.setColor(new Color(k + 1, k + 1, k + 1));
            gi.fill(p.silhouette);
        }
        g.dispose();
        gi.dispose();

        List<float[]> truth = groundTruth(placed, idPixels);

        Random fr = new Random(seed * 0x9E3779B97F4A7C15L + index);
        BufferedImage image = canvas;
        if (blur == 1) {
            image = SyntheticVideo.blur(canvas);
        } else if (blur == 2) {
            image = lowResolution(canvas, lowResFactor);
        }
        byte[] out = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        double gain = 1 + lightDrift * Math.sin(2 * Math.PI * index / lightPeriod + lightPhase);
        int offset = fr.nextInt(NOISE_TABLE);
        for (int i = 0; i < out.length; i++) {
            int v = (int) ((out[i] & 0xff) * gain) + noise[(offset + i) & (NOISE_TABLE - 1)];
            out[i] = (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
        }
        image = jpegRoundTrip(image, minQuality + fr.nextInt(maxQuality - minQuality + 1));
        float[] flat = new float[4 * truth.size()];
        for (int i = 0; i < truth.size(); i++) {
            System.arraycopy(truth.get(i), 0, flat, 4 * i, 4);
        }
        return new SyntheticFrame(index, Images.toRgb(image), flat);
    }

    /** Boxes around each object's visible pixels, for objects enough of whose in-frame pixels show. */
    private List<float[]> groundTruth(List<Placed> placed, byte[] idPixels) {
        int n = placed.size() + 1;
        int[] visible = new int[n];
        int[] minX = new int[n];
        int[] minY = new int[n];
        int[] maxX = new int[n];
        int[] maxY = new int[n];
        Arrays.fill(minX, Integer.MAX_VALUE);
        Arrays.fill(minY, Integer.MAX_VALUE);
        for (int y = 0, p = 0; y < height; y++) {
            for (int x = 0; x < width; x++, p++) {
                int id = idPixels[p] & 0xff;
                if (id == 0) {
                    continue;
                }
                visible[id]++;
                minX[id] = Math.min(minX[id], x);
                maxX[id] = Math.max(maxX[id], x);
                minY[id] = Math.min(minY[id], y);
                maxY[id] = Math.max(maxY[id], y);
            }
        }
        byte[] scratchPixels = ((DataBufferByte) scratch.getRaster().getDataBuffer()).getData();
        Rectangle frame = new Rectangle(0, 0, width, height);
        List<float[]> truth = new ArrayList<>();
        for (int k = 0; k < placed.size(); k++) {
            int id = k + 1;
            if (placed.get(k) == null || visible[id] < SyntheticVideo.MIN_VISIBLE_PIXELS) {
                continue;
            }
            float x1 = minX[id];
            float y1 = minY[id];
            float x2 = maxX[id] + 1;
            float y2 = maxY[id] + 1;
            if (x2 - x1 < 4 || y2 - y1 < 4) {
                continue;
            }
            // The object's own in-frame pixels, drawn alone.
            Area s = placed.get(k).silhouette;
            Rectangle r = s.getBounds().intersection(frame);
            if (r.isEmpty()) {
                continue;
            }
            for (int y = r.y; y < r.y + r.height; y++) {
                Arrays.fill(scratchPixels, y * width + r.x, y * width + r.x + r.width, (byte) 0);
            }
            Graphics2D gs = scratch.createGraphics();
            gs.setColor(Color.WHITE);
            gs.fill(s);
            gs.dispose();
            int own = 0;
            for (int y = r.y; y < r.y + r.height; y++) {
                for (int x = r.x, p = y * width + r.x; x < r.x + r.width; x++, p++) {
                    if (scratchPixels[p] != 0) {
                        own++;
                    }
                }
            }
            if (visible[id] >= SyntheticVideo.MIN_VISIBLE_FRACTION * own) {
                truth.add(new float[] {x1, y1, x2, y2});
            }
        }
        return truth;
    }

    /** A camera of lower resolution, upscaled: the image shrunk by {@code factor} and scaled back, bilinear. */
    private static BufferedImage lowResolution(BufferedImage src, double factor) {
        int w = src.getWidth();
        int h = src.getHeight();
        int sw = Math.max(8, (int) Math.round(w / factor));
        int sh = Math.max(8, (int) Math.round(h / factor));
        BufferedImage small = new BufferedImage(sw, sh, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, sw, sh, null);
        g.dispose();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(small, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** {@link SyntheticVideo#jpegRoundTrip}, as a BGR image like the canvas. */
    private static BufferedImage jpegRoundTrip(BufferedImage image, int quality) {
        BufferedImage read = SyntheticVideo.jpegRoundTrip(image, quality);
        if (read.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return read;
        }
        BufferedImage bgr = new BufferedImage(read.getWidth(), read.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = bgr.createGraphics();
        g.drawImage(read, 0, 0, null);
        g.dispose();
        return bgr;
    }
}
