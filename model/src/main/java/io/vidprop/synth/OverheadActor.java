package io.vidprop.synth;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An object seen from straight above, turned by {@code heading}: a car (roof, windscreen and rear window), a person
 * (shoulders, head, swinging arms), a disc (coin, puck, ball: rim and face), a stick (pen, or a forearm), a box
 * (phone, book, parcel) or a hand reaching in from the frame's edge or corner (fingers, palm, and a forearm or sleeve
 * cut by the edge). Cars and people move along their heading; hands move in and out; the others drift or lie still.
 */
record OverheadActor(Kind kind, double x0, double foot0, double vx, double vy, double heightScale, double aspect,
        double heading, double spin, double phase, Color body, Color detail) implements SceneActor {
    enum Kind { CAR, PERSON, DISC, STICK, BOX, HAND }

    private static final int[] CARS = {0xeeeeec, 0xc0c0c4, 0x9a9ea3, 0x2a2a2e, 0x15161a, 0x7a1a1a, 0x1d3b6e,
        0x2e4a34, 0x6e6a60, 0xb8a27a};
    private static final int[] THINGS = {0xb08d57, 0xc8c8c8, 0x1e1e22, 0x8b1e1e, 0x1f4f8b, 0xd8d050, 0x3d6b3d,
        0xe8e8e2, 0x5a3a28, 0xe0b89a, 0x8d5a3c, 0x707478};
    /** The share of hands that reach in at a corner of the frame rather than along an edge. */
    static final double CORNER_HANDS = 1.0 / 3;
    private static final int[] SKIN = {0xe8c4a8, 0xe0b89a, 0xc8967a, 0xc08a68, 0x8d5a3c, 0x5a3a28};

    /** A new object somewhere in a {@code width} x {@code height} frame; a table shows no cars or people. */
    static OverheadActor random(Random r, int width, int height, boolean table) {
        double d = r.nextDouble();
        Kind kind = table ? (d < 0.35 ? Kind.DISC : d < 0.6 ? Kind.STICK : d < 0.8 ? Kind.BOX : Kind.HAND)
                : d < 0.5 ? Kind.CAR : d < 0.8 ? Kind.PERSON : d < 0.9 ? Kind.DISC : Kind.BOX;
        if (kind == Kind.HAND) {
            return hand(r, width, height);
        }
        double heading = r.nextDouble() * 2 * Math.PI;
        boolean still = r.nextDouble() < (kind == Kind.CAR ? 0.5 : kind == Kind.PERSON ? 0.2 : 0.6);
        double scale = switch (kind) {
            case CAR -> 0.85 + 0.3 * r.nextDouble();
            case PERSON -> 0.22 + 0.08 * r.nextDouble();
            case DISC -> 0.08 + 0.5 * r.nextDouble() * r.nextDouble();
            case STICK -> 0.3 + 0.9 * r.nextDouble();
            case BOX, HAND -> 0.2 + 0.6 * r.nextDouble();
        };
        double aspect = switch (kind) {
            case CAR -> 0.42 + 0.08 * r.nextDouble();
            case PERSON -> 0.55 + 0.15 * r.nextDouble();
            case DISC -> 1;
            case STICK -> r.nextDouble() < 0.3 ? 0.2 + 0.15 * r.nextDouble() : 0.06 + 0.08 * r.nextDouble();
            case BOX, HAND -> 0.35 + 0.6 * r.nextDouble();
        };
        double speed = still ? 0 : switch (kind) {
            case CAR -> 0.005 + 0.04 * r.nextDouble();
            case PERSON -> 0.004 + 0.01 * r.nextDouble();
            default -> 0.03 * r.nextDouble();
        } * height;
        double dir = kind == Kind.CAR || kind == Kind.PERSON ? heading : r.nextDouble() * 2 * Math.PI;
        int[] palette = kind == Kind.CAR ? CARS : THINGS;
        Color body = jitter(r, palette[r.nextInt(palette.length)]);
        Color detail = kind == Kind.CAR ? new Color(30 + r.nextInt(40), 35 + r.nextInt(40), 45 + r.nextInt(40))
                : jitter(r, THINGS[r.nextInt(THINGS.length)]);
        return new OverheadActor(kind, width * (-0.05 + 1.1 * r.nextDouble()), height * (-0.05 + 1.1 * r.nextDouble()),
                speed * Math.cos(dir), speed * Math.sin(dir), scale, aspect, heading,
                still || kind == Kind.CAR || kind == Kind.PERSON ? 0 : (r.nextDouble() - 0.5) * 0.1,
                r.nextDouble() * 2 * Math.PI, body, detail);
    }

    /**
     * A hand reaching in from one of the frame's edges, or (one in three) from a corner, cut by both edges there,
     * towards the frame's middle, moving in or out along its arm.
     */
    private static OverheadActor hand(Random r, int width, int height) {
        double x;
        double y;
        double in; // how far the palm's centre is inside the frame, along the heading
        if (r.nextDouble() < CORNER_HANDS) {
            x = r.nextBoolean() ? 0 : width;
            y = r.nextBoolean() ? 0 : height;
            in = 0.04 * height + 0.1 * height * r.nextDouble();
        } else {
            int edge = r.nextInt(4);
            double along = 0.05 + 0.9 * r.nextDouble();
            x = edge == 0 ? 0 : edge == 1 ? width : along * width;
            y = edge == 2 ? 0 : edge == 3 ? height : along * height;
            in = 0.05 * height + 0.2 * height * r.nextDouble();
        }
        double heading = Math.atan2(height / 2.0 - y, width / 2.0 - x) + (r.nextDouble() - 0.5) * 1.2;
        double speed = r.nextDouble() < 0.4 ? 0 : (r.nextBoolean() ? 1 : -1) * 0.01 * height * r.nextDouble();
        Color skin = jitter(r, SKIN[r.nextInt(SKIN.length)]);
        Color sleeve = r.nextDouble() < 0.5 ? skin : jitter(r, THINGS[r.nextInt(THINGS.length)]);
        return new OverheadActor(Kind.HAND, x + in * Math.cos(heading), y + in * Math.sin(heading),
                speed * Math.cos(heading), speed * Math.sin(heading), 0.5 + 0.7 * r.nextDouble(),
                0.45 + 0.15 * r.nextDouble(), heading, 0, r.nextDouble() * 2 * Math.PI, skin, sleeve);
    }

    private static Color jitter(Random r, int c) {
        return new Color(Rgb.adjust(c, 1, -20 + 40 * r.nextDouble(), 0.7 + 0.5 * r.nextDouble()));
    }

    /** The parts at frame {@code index}, centred at (cx, cy), {@code length} long along the heading. */
    @Override
    public List<Part> parts(double cx, double cy, double length, int index) {
        List<Part> parts = new ArrayList<>(5);
        double w = length * aspect;
        AffineTransform t = AffineTransform.getRotateInstance(heading + spin * index, cx, cy);
        double x = cx - length / 2;
        double y = cy - w / 2;
        switch (kind) {
            case CAR -> {
                add(parts, t, new RoundRectangle2D.Double(x, y, length, w, w * 0.4, w * 0.4), body);
                add(parts, t, new RoundRectangle2D.Double(x + 0.62 * length, y + 0.1 * w, 0.14 * length, 0.8 * w,
                        w * 0.2, w * 0.2), detail);
                add(parts, t, new RoundRectangle2D.Double(x + 0.14 * length, y + 0.12 * w, 0.1 * length, 0.76 * w,
                        w * 0.2, w * 0.2), detail);
            }
            case PERSON -> {
                double swing = Math.sin(phase + 0.8 * index) * 0.25 * length;
                add(parts, t, new Ellipse2D.Double(cx - 0.1 * length + swing, cy - 0.55 * w, 0.2 * length, 0.2 * w),
                        body);
                add(parts, t, new Ellipse2D.Double(cx - 0.1 * length - swing, cy + 0.35 * w, 0.2 * length, 0.2 * w),
                        body);
                add(parts, t, new Ellipse2D.Double(cx - 0.25 * length, cy - w / 2, 0.5 * length, w), body);
                add(parts, t, new Ellipse2D.Double(cx - 0.17 * length, cy - 0.17 * length, 0.34 * length,
                        0.34 * length), detail);
            }
            case DISC -> {
                add(parts, t, new Ellipse2D.Double(x, cy - length / 2, length, length), body);
                add(parts, t, new Ellipse2D.Double(cx - 0.35 * length, cy - 0.35 * length, 0.7 * length,
                        0.7 * length), detail);
            }
            case STICK -> {
                add(parts, t, new RoundRectangle2D.Double(x, y, length, w, w, w), body);
                add(parts, t, new Rectangle2D.Double(x + 0.75 * length, y, 0.2 * length, w), detail);
            }
            case BOX -> {
                add(parts, t, new Rectangle2D.Double(x, y, length, w), body);
                add(parts, t, new Rectangle2D.Double(x + 0.1 * length, y + 0.1 * w, 0.8 * length, 0.8 * w), detail);
            }
            case HAND -> {
                // Along the heading: the forearm (out past the frame's edge), the palm at (cx, cy), four fingers.
                add(parts, t, new RoundRectangle2D.Double(cx - 2.5 * length, cy - 0.3 * w, 2.3 * length, 0.6 * w,
                        0.3 * w, 0.3 * w), detail);
                add(parts, t, new Ellipse2D.Double(cx - 0.35 * length, cy - w / 2, 0.6 * length, w), body);
                double curl = 0.5 + 0.5 * Math.sin(phase + 0.3 * index);
                double finger = w / 4.6;
                for (int f = 0; f < 4; f++) {
                    double fy = cy - w / 2 + finger * (0.3 + 1.1 * f);
                    double len = (0.3 + 0.12 * (f == 1 || f == 2 ? 1 : 0)) * length * (0.6 + 0.4 * curl);
                    add(parts, t, new RoundRectangle2D.Double(cx + 0.1 * length, fy, len, finger, finger, finger),
                            body);
                }
                add(parts, t, new RoundRectangle2D.Double(cx - 0.2 * length, cy + 0.3 * w, 0.35 * length, finger,
                        finger, finger), body);
            }
        }
        return parts;
    }

    private static void add(List<Part> parts, AffineTransform t, Shape s, Color c) {
        parts.add(new Part(t.createTransformedShape(s), c));
    }
}
