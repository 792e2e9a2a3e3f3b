package io.vidprop.synth;

import java.awt.Color;
import java.awt.TexturePaint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A four-legged animal on the ground of a room or close to the camera: lying and facing the camera (body behind the
 * head, front paws ahead), or standing side-on (body, four legs, head, tail). Its fur is a noisy texture of one
 * colour, often close to the floor's, so the eyes and nose are the strongest edges inside it: one object, not three.
 */
record AnimalActor(boolean lying, double x0, double foot0, double vx, double vy, double heightScale,
        double widthRatio, double phase, boolean mirrored, TexturePaint fur, Color dark) implements SceneActor {

    private static final int[] FUR = {0xf2f0ec, 0xe8e2d6, 0xdcc8a4, 0xc89a60, 0xa86a38, 0x6a4228, 0x2a2420,
        0x8e8c88, 0xc07838};

    /** A new animal standing on the ground of {@code view}; {@code bg} is the background as packed RGB. */
    static AnimalActor random(Random r, CameraView view, int[] bg) {
        double minFoot = Math.max(view.minFoot(), view.height() * 0.3);
        double foot = minFoot + (view.maxFoot() - minFoot) * Math.sqrt(r.nextDouble());
        double x0 = view.width() * (0.05 + 0.9 * r.nextDouble());
        boolean lying = r.nextDouble() < 0.5;
        double ph = Math.max(1, view.personHeight(foot));
        double scale = lying ? 0.25 + 0.25 * r.nextDouble() : 0.3 + 0.3 * r.nextDouble();
        double widthRatio = lying ? 0.9 + 0.5 * r.nextDouble() : 1.3 + 0.5 * r.nextDouble();
        boolean still = lying || r.nextDouble() < 0.4;
        double vx = still ? 0 : (r.nextBoolean() ? 1 : -1) * ph * (0.005 + 0.02 * r.nextDouble());
        int c;
        if (r.nextDouble() < 0.4) {
            int xi = (int) Math.max(0, Math.min(view.width() - 1, x0));
            int yi = (int) Math.max(0, Math.min(view.height() - 1, foot - 0.3 * ph * scale));
            c = Rgb.adjust(bg[yi * view.width() + xi], 1, (r.nextBoolean() ? 1 : -1) * (8 + r.nextInt(25)), 1);
        } else {
            c = Rgb.adjust(FUR[r.nextInt(FUR.length)], 1, -15 + 30 * r.nextDouble(), 0.8 + 0.4 * r.nextDouble());
        }
        Color dark = new Color(15 + r.nextInt(40), 12 + r.nextInt(35), 10 + r.nextInt(30));
        return new AnimalActor(lying, x0, foot, vx, 0, scale, widthRatio, r.nextDouble() * 2 * Math.PI,
                r.nextBoolean(), fur(r, c), dark);
    }

    private static TexturePaint fur(Random r, int rgb) {
        int size = 24;
        BufferedImage tile = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int spread = 6 + r.nextInt(14);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                tile.setRGB(x, y, Rgb.adjust(rgb, 1, (r.nextDouble() - 0.5) * 2 * spread, 1));
            }
        }
        return new TexturePaint(tile, new Rectangle2D.Double(0, 0, size, size));
    }

    @Override
    public List<Part> parts(double cx, double foot, double h, int index) {
        List<Part> parts = new ArrayList<>(12);
        double w = h * widthRatio;
        int dir = mirrored ? -1 : 1;
        if (lying) {
            // Facing the camera: the body behind, the head above the front paws.
            parts.add(new Part(new Ellipse2D.Double(cx - w / 2, foot - 0.8 * h, w, 0.75 * h), fur));
            double hw = 0.45 * w;
            double hh = 0.55 * h;
            double hx = cx - hw / 2 + dir * 0.1 * w;
            double hy = foot - h;
            parts.add(new Part(Shapes.poly(new double[] {-0.5, 0.35, -0.38, -0.08, -0.12, 0.22}, hx + hw / 2, hy, hw,
                    hh), fur));
            parts.add(new Part(Shapes.poly(new double[] {0.5, 0.35, 0.38, -0.08, 0.12, 0.22}, hx + hw / 2, hy, hw,
                    hh), fur));
            parts.add(new Part(new Ellipse2D.Double(hx, hy + 0.1 * hh, hw, 0.9 * hh), fur));
            double pw = 0.16 * w;
            parts.add(new Part(new RoundRectangle2D.Double(hx + 0.05 * hw, foot - 0.3 * h, pw, 0.3 * h, pw, pw), fur));
            parts.add(new Part(new RoundRectangle2D.Double(hx + 0.95 * hw - pw, foot - 0.3 * h, pw, 0.3 * h, pw, pw),
                    fur));
            double eye = 0.09 * hw;
            parts.add(new Part(new Ellipse2D.Double(hx + 0.28 * hw, hy + 0.42 * hh, eye, eye), dark));
            parts.add(new Part(new Ellipse2D.Double(hx + 0.72 * hw - eye, hy + 0.42 * hh, eye, eye), dark));
            parts.add(new Part(new Ellipse2D.Double(hx + 0.42 * hw, hy + 0.72 * hh, 0.16 * hw, 0.11 * hw), dark));
        } else {
            // Side-on: legs swing when it walks.
            double swing = vx == 0 ? 0 : Math.sin(phase + 0.6 * index) * 0.08 * w;
            double bodyTop = foot - 0.8 * h;
            double legW = 0.1 * w;
            for (double at : new double[] {-0.38, -0.26, 0.22, 0.34}) {
                double s = at < 0 ? swing : -swing;
                parts.add(new Part(Shapes.quad(cx + at * w, bodyTop + 0.3 * h, legW, cx + at * w + s, foot,
                        legW * 0.8), fur));
            }
            parts.add(new Part(new Ellipse2D.Double(cx - 0.45 * w, bodyTop, 0.9 * w, 0.45 * h), fur));
            parts.add(new Part(Shapes.mirrorX(Shapes.quad(cx - 0.42 * w, bodyTop + 0.1 * h, 0.06 * w, cx - 0.6 * w,
                    bodyTop - 0.05 * h, 0.03 * w), cx, dir), fur));
            double hs = 0.32 * h;
            double hx = cx + 0.4 * w - hs / 2;
            double hy = foot - h;
            parts.add(new Part(Shapes.mirrorX(new Ellipse2D.Double(hx, hy + 0.1 * h, hs * 1.2, hs), cx, dir), fur));
            parts.add(new Part(Shapes.mirrorX(Shapes.poly(new double[] {-0.1, 0.15, 0.05, -0.1, 0.15, 0.2}, hx + hs / 2,
                    hy + 0.05 * h, hs, hs), cx, dir), fur));
            parts.add(new Part(Shapes.mirrorX(new Ellipse2D.Double(hx + 0.7 * hs, hy + 0.2 * h, 0.12 * hs, 0.12 * hs),
                    cx, dir), dark));
            parts.add(new Part(Shapes.mirrorX(new Ellipse2D.Double(hx + 0.98 * hs, hy + 0.25 * h, 0.12 * hs, 0.1 * hs),
                    cx, dir), dark));
        }
        return parts;
    }
}
