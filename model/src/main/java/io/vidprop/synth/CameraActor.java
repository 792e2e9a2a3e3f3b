package io.vidprop.synth;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.TexturePaint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An object of a camera scene, standing on the ground: where its feet are at frame 0, how it moves, how it looks,
 * and its silhouette at each frame (people with swinging arms and legs, cars from the side and front, vans, generic
 * shapes).
 */
record CameraActor(Kind kind, double x0, double foot0, double vx, double vy, double size, double widthRatio,
        double phase, double stepRate, double lean, boolean mirrored, Color top, Color bottom, Color head,
        Color detail, boolean bag, int blobShape, double[] polygon, TexturePaint texture) implements SceneActor {
    enum Kind { PERSON, CAR_SIDE, CAR_FRONT, VAN, BLOB }

    private static final int[] CLOTHES = {0x1e1e22, 0x2b2f3a, 0x3c3c3c, 0x55504a, 0x6b6b6b, 0x2f3d55, 0x4a3528,
        0x7a6a55, 0xbfbfbf, 0xe6e6e0, 0x8b1e1e, 0x1f4f8b, 0x3d6b3d, 0xc9a227, 0x5a2d5a, 0x9a9aa0};
    private static final int[] CARS = {0xeeeeec, 0xc0c0c4, 0x9a9ea3, 0x2a2a2e, 0x15161a, 0x7a1a1a, 0x1d3b6e,
        0x2e4a34, 0x6e6a60, 0xb8a27a};
    private static final Color TYRE = new Color(22, 22, 24);
    private static final int[] SKIN = {0xe0b89a, 0xc08a68, 0x8d5a3c, 0x5a3a28, 0x2a201a, 0x3a2a20};

    /**
     * A new object standing on the ground of {@code view}; {@code companion}, when not null, is a person this one
     * walks beside. {@code bg} is the background as packed RGB, for camouflaged colours.
     */
    static CameraActor random(Random r, CameraView view, int[] bg, CameraActor companion) {
        return random(r, view, bg, companion, true);
    }

    /** As {@link #random(Random, CameraView, int[], CameraActor)}; without {@code vehicles}, vehicles become people or shapes. */
    static CameraActor random(Random r, CameraView view, int[] bg, CameraActor companion, boolean vehicles) {
        int width = view.width();
        int height = view.height();
        double minFoot = view.minFoot();
        double kindDraw = r.nextDouble();
        Kind kind = companion != null ? Kind.PERSON
                : kindDraw < 0.62 ? Kind.PERSON : kindDraw < 0.74 ? Kind.CAR_SIDE : kindDraw < 0.8 ? Kind.CAR_FRONT
                : kindDraw < 0.85 ? Kind.VAN : Kind.BLOB;
        if (!vehicles && kind != Kind.PERSON && kind != Kind.BLOB) {
            kind = kindDraw < 0.8 ? Kind.PERSON : Kind.BLOB;
        }
        double foot;
        double x0;
        if (companion != null) {
            foot = companion.foot0 + (r.nextDouble() - 0.5) * 0.1 * view.personHeight(companion.foot0);
            x0 = companion.x0 + (r.nextBoolean() ? 1 : -1) * (0.35 + 0.4 * r.nextDouble())
                    * view.personHeight(companion.foot0);
        } else {
            // More objects far away than near, as on a real ground plane.
            foot = minFoot + (view.maxFoot() - minFoot) * Math.pow(r.nextDouble(), 1.4);
            x0 = width * (-0.1 + 1.2 * r.nextDouble());
        }
        double ph = Math.max(1, view.personHeight(foot));
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
        Color top = colour(r, palette, camouflage, bg, width, height, x0, foot - ph * 0.6);
        Color bottom = colour(r, CLOTHES, camouflage && r.nextBoolean(), bg, width, height, x0, foot - ph * 0.2);
        Color head = new Color(SKIN[r.nextInt(SKIN.length)]);
        Color detail = kind == Kind.PERSON ? colour(r, CLOTHES, false, bg, width, height, x0, foot)
                : new Color(20 + r.nextInt(60), 25 + r.nextInt(60), 30 + r.nextInt(70));
        int blobShape = r.nextInt(4);
        return new CameraActor(kind, x0, foot, vx, vy, size, widthRatio, r.nextDouble() * 2 * Math.PI,
                0.4 + 0.5 * r.nextDouble(), (r.nextDouble() - 0.5) * 0.1, r.nextBoolean(), top, bottom, head,
                detail, r.nextDouble() < 0.2, blobShape, blobShape == 2 ? SyntheticVideo.polygon(r) : null,
                blobShape == 3 ? texture(r, 2 + r.nextInt(8)) : null);
    }

    /** A colour from the palette, jittered; camouflaged: close to the background where the object starts. */
    private static Color colour(Random r, int[] palette, boolean camouflage, int[] bg, int width, int height,
            double x, double y) {
        int c;
        if (camouflage) {
            int xi = (int) Math.max(0, Math.min(width - 1, x));
            int yi = (int) Math.max(0, Math.min(height - 1, y));
            c = bg[yi * width + xi];
            int d = (r.nextBoolean() ? 1 : -1) * (12 + r.nextInt(35));
            c = Rgb.adjust(c, 1, d, 1);
        } else {
            c = palette[r.nextInt(palette.length)];
        }
        int jitter = 12;
        int red = Rgb.clamp((c >> 16 & 0xff) + r.nextInt(2 * jitter + 1) - jitter);
        int green = Rgb.clamp((c >> 8 & 0xff) + r.nextInt(2 * jitter + 1) - jitter);
        int blue = Rgb.clamp((c & 0xff) + r.nextInt(2 * jitter + 1) - jitter);
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

    /** The parts of an actor at frame {@code index}, feet centred at (cx, foot), {@code h} tall. */
    @Override
    public List<Part> parts(double cx, double foot, double h, int index) {
        List<Part> parts = new ArrayList<>(10);
        double top = foot - h;
        int dir = mirrored ? -1 : 1;
        switch (kind) {
            case PERSON -> {
                double w = h * widthRatio;
                double swing = Math.sin(phase + stepRate * index * 2);
                double lean = this.lean * h;
                double hipY = top + 0.5 * h;
                double legW = 0.3 * w;
                double stride = 0.32 * w * swing;
                parts.add(new Part(Shapes.quad(cx - 0.2 * w + lean * 0.5, hipY, legW, cx - 0.2 * w + stride, foot,
                        legW * 0.8), bottom));
                parts.add(new Part(Shapes.quad(cx + 0.2 * w + lean * 0.5, hipY, legW, cx + 0.2 * w - stride, foot,
                        legW * 0.8), bottom));
                double shoulders = 0.82 * w;
                double armW = 0.16 * w;
                parts.add(new Part(Shapes.quad(cx - shoulders / 2 + lean, top + 0.17 * h, armW,
                        cx - shoulders / 2 - 0.08 * w - stride * 0.7 + lean * 0.3, top + 0.5 * h, armW * 0.8), this.top));
                parts.add(new Part(Shapes.quad(cx + shoulders / 2 + lean, top + 0.17 * h, armW,
                        cx + shoulders / 2 + 0.08 * w + stride * 0.7 + lean * 0.3, top + 0.5 * h, armW * 0.8), this.top));
                double torsoLength = bag ? 0.42 * h : (0.38 + 0.12 * ((phase * 7) % 1.0)) * h;
                parts.add(new Part(new RoundRectangle2D.Double(cx - shoulders / 2 + lean * 0.8, top + 0.13 * h,
                        shoulders, torsoLength, 0.3 * w, 0.3 * w), this.top));
                double headW = 0.5 * w;
                double headH = 0.14 * h;
                parts.add(new Part(new Ellipse2D.Double(cx - headW / 2 + lean, top, headW, headH), head));
                if (bag) {
                    parts.add(new Part(new Rectangle2D.Double(cx + dir * (shoulders / 2 + 0.02 * w) - (dir < 0 ? 0.35 * w : 0),
                            top + 0.4 * h, 0.35 * w, 0.2 * h), detail));
                }
            }
            case CAR_SIDE -> {
                double vh = h * 0.85;
                double len = vh * widthRatio;
                double t = foot - vh;
                double x = cx - len / 2;
                parts.add(new Part(new RoundRectangle2D.Double(x, t + 0.38 * vh, len, 0.47 * vh, 0.25 * vh, 0.25 * vh),
                        this.top));
                parts.add(new Part(Shapes.mirrorX(Shapes.poly(new double[] {-0.32, 0.4, -0.18, 0, 0.16, 0, 0.34, 0.4},
                        cx, t, len, vh), cx, dir), this.top));
                parts.add(new Part(Shapes.mirrorX(Shapes.poly(new double[] {-0.27, 0.38, -0.16, 0.06, 0.13, 0.06, 0.28,
                        0.38}, cx, t, len, vh), cx, dir), detail));
                addWheels(parts, cx, 0.3 * len, foot, 0.3 * vh);
            }
            case VAN -> {
                double vh = h * 1.1;
                double len = vh * widthRatio * 0.8;
                double t = foot - vh;
                double x = cx - len / 2;
                parts.add(new Part(new RoundRectangle2D.Double(x, t, len, 0.86 * vh, 0.12 * vh, 0.12 * vh), this.top));
                parts.add(new Part(Shapes.mirrorX(new Rectangle2D.Double(cx + 0.28 * len, t + 0.1 * vh, 0.18 * len,
                        0.3 * vh), cx, dir), detail));
                addWheels(parts, cx, 0.32 * len, foot, 0.26 * vh);
            }
            case CAR_FRONT -> {
                double vh = h * 0.85;
                double w = vh * widthRatio;
                double t = foot - vh;
                parts.add(new Part(new Rectangle2D.Double(cx - 0.45 * w, foot - 0.14 * vh, 0.2 * w, 0.14 * vh),
                        TYRE));
                parts.add(new Part(new Rectangle2D.Double(cx + 0.25 * w, foot - 0.14 * vh, 0.2 * w, 0.14 * vh),
                        TYRE));
                parts.add(new Part(new RoundRectangle2D.Double(cx - w / 2, t + 0.36 * vh, w, 0.52 * vh, 0.15 * w, 0.15 * w),
                        this.top));
                parts.add(new Part(Shapes.poly(new double[] {-0.42, 0.38, -0.32, 0, 0.32, 0, 0.42, 0.38}, cx, t, w, vh),
                        this.top));
                parts.add(new Part(Shapes.poly(new double[] {-0.36, 0.35, -0.28, 0.06, 0.28, 0.06, 0.36, 0.35}, cx, t, w,
                        vh), detail));
                double light = 0.14 * w;
                Color lamp = new Color(235, 235, 210);
                parts.add(new Part(new Ellipse2D.Double(cx - 0.42 * w, t + 0.48 * vh, light, light * 0.6), lamp));
                parts.add(new Part(new Ellipse2D.Double(cx + 0.42 * w - light, t + 0.48 * vh, light, light * 0.6),
                        lamp));
            }
            case BLOB -> {
                double side = h * size;
                double bw = side * Math.sqrt(widthRatio);
                double bh = side / Math.sqrt(widthRatio);
                double x = cx - bw / 2;
                double y = foot - bh;
                Shape s = switch (blobShape) {
                    case 0 -> new Rectangle2D.Double(x, y, bw, bh);
                    case 1 -> new Ellipse2D.Double(x, y, bw, bh);
                    case 2 -> Shapes.poly(polygon, x, y, bw, bh);
                    default -> new Ellipse2D.Double(x, y, bw, bh);
                };
                parts.add(new Part(s, texture != null ? texture : this.top));
            }
        }
        return parts;
    }

    /** Two wheels of diameter {@code wheel} standing on row {@code foot}, centred {@code offset} either side of cx. */
    private static void addWheels(List<Part> parts, double cx, double offset, double foot, double wheel) {
        parts.add(new Part(new Ellipse2D.Double(cx - offset - wheel / 2, foot - wheel, wheel, wheel), TYRE));
        parts.add(new Part(new Ellipse2D.Double(cx + offset - wheel / 2, foot - wheel, wheel, wheel), TYRE));
    }

    /** The same object moving at (vx, vy) pixels per frame (0, 0: standing still). */
    CameraActor withVelocity(double vx, double vy) {
        double steps = vx == 0 && vy == 0 ? 0 : stepRate;
        return new CameraActor(kind, x0, foot0, vx, vy, size, widthRatio, phase, steps, lean, mirrored, top,
                bottom, head, detail, bag, blobShape, polygon, texture);
    }

    /** How many person heights at its feet this object is tall (the parts scale further by kind). */
    @Override
    public double heightScale() {
        return kind == Kind.BLOB ? 1 : size;
    }
}
