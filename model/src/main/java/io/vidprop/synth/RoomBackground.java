package io.vidprop.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Random;

/**
 * A room as a fixed indoor camera sees it, none of it an object: a back wall (large, nearly uniform, lit unevenly),
 * sometimes a side wall, a floor of boards, tiles or carpet in perspective, doors, windows, boards and posters on the
 * walls, and furniture standing on the floor.
 */
final class RoomBackground {
    private static final int[] WALLS = {0xe9e4da, 0xd8d2c4, 0xc9c9c6, 0xb7c3c9, 0xc8d2bd, 0xe3d3b5, 0x9ea3a8,
        0x7c7f82, 0xf2f0ea, 0xcfc0a8};
    private static final int[] FLOORS = {0x9b7650, 0x7a5a3c, 0xc2a27a, 0xd6d3cc, 0xb9b4aa, 0x8a8d90, 0x5d5f63,
        0xe8e4dc, 0x6b5646, 0xa8a092};
    private static final int[] FURNITURE = {0x6e4b2e, 0x8b6a48, 0xc9b08a, 0xe8e6e0, 0x9a9ea2, 0x3b3b3e, 0x24262b,
        0x5c6f82, 0xb0a99a};

    private RoomBackground() {}

    /**
     * Paints a room into {@code canvas} (BGR, the view's size) and returns it as packed RGB. The back wall meets the
     * floor at the row where the floor is {@code depth} times as far as at the bottom row.
     */
    static int[] paint(Random r, CameraView view, BufferedImage canvas) {
        int width = view.width();
        int height = view.height();
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        double depth = 1.3 + 6 * r.nextDouble();
        double span = height - view.horizon();
        double wallLine = view.horizon() + span / depth;
        int wall = Rgb.adjust(WALLS[r.nextInt(WALLS.length)], 1, -25 + r.nextInt(40), 0.6 + 0.6 * r.nextDouble());
        paintWall(r, px, width, height, wall);
        paintFloor(r, view, px, wallLine);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        if (r.nextDouble() < 0.5) {
            sideWall(r, g, view, wallLine, wall);
        }
        double doorHeight = view.personHeight(wallLine) * (1.1 + 0.15 * r.nextDouble());
        g.setColor(new Color(Rgb.adjust(wall, 0.9, -30, 1)));
        g.setStroke(new BasicStroke((float) Math.max(1, doorHeight * 0.02)));
        g.draw(new Line2D.Double(0, wallLine, width, wallLine));
        int items = r.nextInt(5);
        for (int i = 0; i < items; i++) {
            wallItem(r, g, width, wallLine, doorHeight);
        }
        int furniture = r.nextInt(5);
        for (int i = 0; i < furniture; i++) {
            furniture(r, g, view, wallLine);
        }
        g.dispose();
        for (int i = 0; i < px.length; i++) {
            px[i] &= 0xffffff;
        }
        Images.toBgr(px, canvas);
        return px;
    }

    /** A nearly uniform wall: a soft light pool and a vertical falloff, and faint plaster grain. */
    private static void paintWall(Random r, int[] px, int width, int height, int wall) {
        double lx = width * r.nextDouble();
        double ly = height * (r.nextDouble() - 0.3);
        double radius = Math.max(width, height) * (0.4 + r.nextDouble());
        double strength = 10 + 35 * r.nextDouble();
        double falloff = (r.nextDouble() - 0.5) * 40;
        long grain = r.nextLong();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double d = Math.hypot(x - lx, y - ly) / radius;
                double light = strength * Math.exp(-d * d) - strength / 2 + falloff * y / height;
                long h = (grain + x * 0x9E3779B97F4A7C15L) ^ (y * 0xC2B2AE3D27D4EB4FL);
                h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L;
                double noise = ((h >>> 40) & 0xff) / 255.0 * 4 - 2;
                px[y * width + x] = Rgb.adjust(wall, 1, light + noise, 1);
            }
        }
    }

    /** Boards, tiles or carpet in the floor plane's coordinates, below the wall line. */
    private static void paintFloor(Random r, CameraView view, int[] px, double wallLine) {
        int width = view.width();
        int height = view.height();
        int base = Rgb.adjust(FLOORS[r.nextInt(FLOORS.length)], 0.8 + 0.4 * r.nextDouble(), -20 + r.nextInt(40), 1);
        int kind = r.nextInt(3);
        double board = 6 + 30 * r.nextDouble();
        double boardLength = board * (4 + 8 * r.nextDouble());
        double variation = kind == 2 ? 3 : 5 + 15 * r.nextDouble();
        double seam = 10 + 30 * r.nextDouble();
        double vpX = width * (0.15 + 0.7 * r.nextDouble());
        double span = height - view.horizon();
        double shine = r.nextDouble() < 0.4 ? 20 + 30 * r.nextDouble() : 0;
        double shineX = width * r.nextDouble();
        boolean across = r.nextBoolean();
        for (int y = Math.max(0, (int) Math.ceil(wallLine)); y < height; y++) {
            double z = span / (y - view.horizon());
            for (int x = 0; x < width; x++) {
                double u = (x - vpX) * z + 1000;
                double v = (z - 1) * span + 1000;
                if (across) {
                    double t = u;
                    u = v;
                    v = t;
                }
                int c;
                if (kind == 2) {
                    c = base;
                } else {
                    long col = (long) Math.floor(u / board);
                    double along = kind == 0 ? v + (col * 0.37 % 1) * boardLength : v;
                    long row = (long) Math.floor(along / (kind == 0 ? boardLength : board));
                    double fu = u - col * board;
                    double fv = along - row * (kind == 0 ? boardLength : board);
                    long h = (row * 0x9E3779B97F4A7C15L) ^ (col * 0xC2B2AE3D27D4EB4FL);
                    h = (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L;
                    double shade = ((h >>> 40) & 0xffff) / 65535.0 * 2 - 1;
                    boolean inSeam = fu < 1.0 * z / 2 + 0.5 || fv < 1.0 * z / 2 + 0.5;
                    c = Rgb.adjust(base, 1, inSeam ? -seam : shade * variation, 1);
                }
                if (shine > 0) {
                    double d = (x - shineX) / (0.15 * width);
                    c = Rgb.adjust(c, 1, shine * Math.exp(-d * d) * (1 - 1 / z), 1);
                }
                px[y * width + x] = c;
            }
        }
    }

    private static void sideWall(Random r, Graphics2D g, CameraView view, double wallLine, int wall) {
        int width = view.width();
        int height = view.height();
        boolean left = r.nextBoolean();
        double corner = width * (0.05 + 0.3 * r.nextDouble());
        double x = left ? corner : width - corner;
        double edge = left ? 0 : width;
        Path2D.Double p = new Path2D.Double();
        p.moveTo(edge, -1);
        p.lineTo(x, -1);
        p.lineTo(x, wallLine);
        p.lineTo(edge, Math.min(height + 1, wallLine + (height - wallLine) * (0.6 + 0.8 * r.nextDouble())));
        p.closePath();
        g.setColor(new Color(Rgb.adjust(wall, 1, -35 + 70 * r.nextDouble(), 1)));
        g.fill(p);
    }

    /** A door, a window, a board (black, white or cork), a poster, a sheet of paper, a socket or a clock. */
    private static void wallItem(Random r, Graphics2D g, int width, double wallLine, double doorHeight) {
        double x = width * (r.nextDouble() * 1.1 - 0.05);
        int kind = r.nextInt(6);
        switch (kind) {
            case 0 -> {
                double w = doorHeight * (0.4 + 0.1 * r.nextDouble());
                g.setColor(new Color(FURNITURE[r.nextInt(FURNITURE.length)]));
                g.fill(new Rectangle2D.Double(x, wallLine - doorHeight, w, doorHeight));
                g.setColor(new Color(0, 0, 0, 70));
                g.setStroke(new BasicStroke((float) Math.max(1, w * 0.04)));
                g.draw(new Rectangle2D.Double(x, wallLine - doorHeight, w, doorHeight));
                g.setColor(new Color(200, 200, 190));
                g.fill(new Ellipse2D.Double(x + w * 0.8, wallLine - doorHeight * 0.5, w * 0.07, w * 0.07));
            }
            case 1, 2 -> {
                double w = doorHeight * (0.6 + 1.6 * r.nextDouble());
                double h = doorHeight * (0.35 + 0.3 * r.nextDouble());
                double y = wallLine - doorHeight * (0.55 + 0.45 * r.nextDouble());
                int v = kind == 1 ? 25 + r.nextInt(40) : 200 + r.nextInt(50);
                g.setColor(new Color(v, Math.min(255, v + r.nextInt(10)), Math.min(255, v + r.nextInt(10))));
                g.fill(new Rectangle2D.Double(x, y, w, h));
                g.setColor(new Color(150, 150, 150));
                g.setStroke(new BasicStroke((float) Math.max(1, h * 0.03)));
                g.draw(new Rectangle2D.Double(x, y, w, h));
            }
            case 3 -> {
                double w = doorHeight * (0.2 + 0.4 * r.nextDouble());
                double h = w * (0.7 + 0.8 * r.nextDouble());
                double y = wallLine - doorHeight * (0.4 + 0.6 * r.nextDouble());
                g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
                g.fill(new Rectangle2D.Double(x, y, w, h));
            }
            case 4 -> {
                double w = doorHeight * 0.15;
                double y = wallLine - doorHeight * (0.3 + 0.6 * r.nextDouble());
                g.setColor(new Color(240, 240, 235));
                g.fill(new Rectangle2D.Double(x, y, w, w * 1.41));
            }
            default -> {
                double s = doorHeight * (0.04 + 0.06 * r.nextDouble());
                double y = wallLine - doorHeight * (0.1 + 0.8 * r.nextDouble());
                g.setColor(new Color(225, 225, 220));
                g.fill(new Rectangle2D.Double(x, y, s, s));
                g.setColor(new Color(90, 90, 90));
                g.fill(new Ellipse2D.Double(x + s * 0.3, y + s * 0.3, s * 0.4, s * 0.4));
            }
        }
    }

    /** A table, a cabinet, a shelf or a bench standing on the floor, sized by its distance. */
    private static void furniture(Random r, Graphics2D g, CameraView view, double wallLine) {
        double foot = wallLine + (view.height() * 1.02 - wallLine) * Math.pow(r.nextDouble(), 1.5);
        double ph = view.personHeight(foot);
        if (ph < 4) {
            return;
        }
        double x = view.width() * (r.nextDouble() * 1.2 - 0.1);
        Color c = new Color(Rgb.adjust(FURNITURE[r.nextInt(FURNITURE.length)], 1, -15 + 30 * r.nextDouble(), 1));
        g.setColor(c);
        if (r.nextBoolean()) {
            double w = ph * (0.5 + 1.2 * r.nextDouble());
            double h = ph * (0.4 + 0.15 * r.nextDouble());
            double top = ph * 0.05;
            g.fill(new Rectangle2D.Double(x, foot - h, w, top));
            double leg = Math.max(1, w * 0.04);
            g.fill(new Rectangle2D.Double(x + leg, foot - h, leg, h));
            g.fill(new Rectangle2D.Double(x + w - 2 * leg, foot - h, leg, h));
        } else {
            double w = ph * (0.3 + 0.9 * r.nextDouble());
            double h = ph * (0.4 + 0.8 * r.nextDouble());
            g.fill(new Rectangle2D.Double(x, foot - h, w, h));
            g.setColor(new Color(0, 0, 0, 60));
            int shelves = r.nextInt(4);
            for (int i = 1; i <= shelves; i++) {
                g.fill(new Rectangle2D.Double(x, foot - h * i / (shelves + 1.0), w, Math.max(1, h * 0.02)));
            }
        }
    }
}
