package io.vidprop.synth;

import io.vidprop.synth.Photos.Photo;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Random;

/**
 * A surface seen from straight above, none of it an object: asphalt with parking bays, arrows and kerbs, a yard of
 * paving, or a table top (plain, wood, or framed like an air table) with stains and pencil marks.
 */
final class OverheadBackground {
    private static final int[] TABLES = {0xe6e3dc, 0xd2cfc8, 0xbfc3c6, 0xa07850, 0xc8a478, 0x6d6f72, 0xf4f2ee,
        0x2a2c30};

    private OverheadBackground() {}

    /**
     * Paints a surface (a table top, or else a car park or yard) into {@code canvas} (BGR); {@code scale} is a car's
     * length in pixels.
     */
    static void paint(Random r, int width, int height, double scale, BufferedImage canvas, boolean table) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        int base = table ? TABLES[r.nextInt(TABLES.length)] : Rgb.adjust(0x6a6a68, 1, -40 + r.nextInt(70), 1);
        surface(r, px, width, height, base, table ? 0.03 + 0.08 * r.nextDouble() : 0.06 + 0.14 * r.nextDouble());
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        if (table) {
            tableMarks(r, g, width, height, base);
        } else {
            parkingMarks(r, g, width, height, scale);
        }
        g.dispose();
        Images.toBgr(px, canvas);
    }

    /** The base colour with a photograph's texture at low contrast, and an uneven light. */
    private static void surface(Random r, int[] px, int width, int height, int base, double contrast) {
        Photo[] all = Photos.all();
        Photo tex = all[r.nextInt(all.length)];
        double zoom = 0.25 + 0.5 * r.nextDouble();
        double gx = r.nextDouble() * width;
        double gy = r.nextDouble() * height;
        double light = 10 + 30 * r.nextDouble();
        double radius = Math.max(width, height) * (0.5 + r.nextDouble());
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double tu = Math.min(tex.width() - 1.0, (x * zoom) % (tex.width() - 1));
                double tv = Math.min(tex.height() - 1.0, (y * zoom) % (tex.height() - 1));
                int t = tex.rgb()[(int) tv * tex.width() + (int) tu];
                int grey = (int) (0.299 * (t >> 16 & 0xff) + 0.587 * (t >> 8 & 0xff) + 0.114 * (t & 0xff));
                double d = Math.hypot(x - gx, y - gy) / radius;
                px[y * width + x] = Rgb.adjust(base, 1, contrast * (grey - 128) + light * (Math.exp(-d * d) - 0.5), 1);
            }
        }
    }

    /** Bays of white or yellow lines, a lane edge, arrows, kerbs and oil stains. */
    private static void parkingMarks(Random r, Graphics2D g, int width, int height, double scale) {
        Color paint = r.nextDouble() < 0.7 ? new Color(225, 225, 215, 200) : new Color(215, 190, 60, 200);
        g.setColor(paint);
        float line = (float) Math.max(1, scale * (0.03 + 0.03 * r.nextDouble()));
        g.setStroke(new BasicStroke(line));
        double bay = scale * (0.5 + 0.2 * r.nextDouble());
        double row = scale * 1.1;
        double angle = (r.nextDouble() - 0.5) * 0.6;
        Graphics2D rot = (Graphics2D) g.create();
        rot.rotate(angle, width / 2.0, height / 2.0);
        double y0 = r.nextDouble() * row * 2.5 - row;
        for (double y = y0 - height; y < 2 * height; y += row * 2.5) {
            for (double x = -width + r.nextDouble() * bay; x < 2 * width; x += bay) {
                rot.draw(new Line2D.Double(x, y, x, y + row));
            }
            rot.draw(new Line2D.Double(-width, y + row, 2 * width, y + row));
        }
        int arrows = r.nextInt(3);
        for (int i = 0; i < arrows; i++) {
            double ax = width * r.nextDouble();
            double ay = height * r.nextDouble();
            double s = scale * 0.3;
            rot.fill(Shapes.poly(new double[] {-0.15, 1, -0.15, 0.4, -0.4, 0.4, 0, 0, 0.4, 0.4, 0.15, 0.4, 0.15, 1},
                    ax, ay, s, s * 2));
        }
        rot.dispose();
        int stains = r.nextInt(6);
        for (int i = 0; i < stains; i++) {
            double s = scale * (0.1 + 0.4 * r.nextDouble());
            g.setColor(new Color(0, 0, 0, 20 + r.nextInt(40)));
            g.fill(new Ellipse2D.Double(width * r.nextDouble(), height * r.nextDouble(), s, s * (0.5 + r.nextDouble())));
        }
        if (r.nextBoolean()) {
            g.setColor(new Color(170, 168, 160));
            double kerb = scale * 0.12;
            double x = r.nextBoolean() ? 0 : width - kerb;
            g.fill(new Rectangle2D.Double(x, 0, kerb, height));
        }
    }

    /** Stains, pencil lines and rings; often the table is a board inside the frame (an air table, a desk), with a rim. */
    private static void tableMarks(Random r, Graphics2D g, int width, int height, int base) {
        int marks = r.nextInt(8);
        for (int i = 0; i < marks; i++) {
            g.setColor(new Color(Rgb.adjust(base, 1, -20 - 40 * r.nextDouble(), 0.5)));
            g.setStroke(new BasicStroke((float) (0.5 + 1.5 * r.nextDouble())));
            double x = width * r.nextDouble();
            double y = height * r.nextDouble();
            if (r.nextBoolean()) {
                g.draw(new Line2D.Double(x, y, x + (r.nextDouble() - 0.5) * width * 0.6,
                        y + (r.nextDouble() - 0.5) * height * 0.6));
            } else {
                double s = Math.min(width, height) * (0.05 + 0.3 * r.nextDouble());
                g.draw(new Ellipse2D.Double(x, y, s, s));
            }
        }
        if (r.nextDouble() < 0.6) {
            // The table is a board most of the frame wide, framed by a rim and whatever lies beyond it.
            double w = width * (0.6 + 0.4 * r.nextDouble());
            double h = height * (0.6 + 0.4 * r.nextDouble());
            double x = (width - w) * r.nextDouble();
            double y = (height - h) * r.nextDouble();
            Area surround = new Area(new Rectangle2D.Double(-1, -1, width + 2, height + 2));
            surround.subtract(new Area(new Rectangle2D.Double(x, y, w, h)));
            g.setColor(new Color(Rgb.adjust(0x806040, 1, -60 + 90 * r.nextDouble(), r.nextDouble())));
            g.fill(surround);
            double rim = Math.min(width, height) * (0.005 + 0.02 * r.nextDouble());
            g.setColor(new Color(Rgb.adjust(base, 1, -50 - 50 * r.nextDouble(), 0.5)));
            g.setStroke(new BasicStroke((float) Math.max(1, rim)));
            g.draw(new Rectangle2D.Double(x, y, w, h));
        }
    }
}
