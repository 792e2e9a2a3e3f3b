package io.vidprop.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** A small PNG line chart (loss curves, recall against IoU) drawn with Java2D. */
public final class LineChart {
    private static final Color[] COLORS = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40)
    };

    private record Series(String name, double[] x, double[] y) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LineChart add(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series " + name + ": " + x.length + " x values, " + y.length + " y");
        }
        series.add(new Series(name, x.clone(), y.clone()));
        return this;
    }

    public void write(Path png) throws IOException {
        int w = 800;
        int h = 500;
        int left = 70;
        int right = 20;
        int top = 40;
        int bottom = 50;
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                if (!Double.isFinite(s.y[i])) {
                    continue;
                }
                minX = Math.min(minX, s.x[i]);
                maxX = Math.max(maxX, s.x[i]);
                minY = Math.min(minY, s.y[i]);
                maxY = Math.max(maxY, s.y[i]);
            }
        }
        if (minX > maxX) {
            minX = 0;
            maxX = 1;
            minY = 0;
            maxY = 1;
        }
        minY = Math.min(minY, 0);
        if (maxX == minX) {
            maxX = minX + 1;
        }
        if (maxY == minY) {
            maxY = minY + 1;
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, left, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int pw = w - left - right;
        int ph = h - top - bottom;
        g.drawRect(left, top, pw, ph);
        for (int t = 0; t <= 5; t++) {
            double vy = minY + (maxY - minY) * t / 5;
            int py = top + ph - (int) (ph * t / 5.0);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left + 1, py, left + pw - 1, py);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.3g", vy), 5, py + 4);
            double vx = minX + (maxX - minX) * t / 5;
            int px = left + (int) (pw * t / 5.0);
            g.drawString(String.format("%.3g", vx), px - 12, top + ph + 18);
        }
        g.drawString(xLabel, left + pw / 2 - 30, h - 10);
        g.drawString(yLabel, 5, top - 8);
        g.setStroke(new BasicStroke(2f));
        for (int s = 0; s < series.size(); s++) {
            Series ser = series.get(s);
            g.setColor(COLORS[s % COLORS.length]);
            int prevX = -1;
            int prevY = -1;
            for (int i = 0; i < ser.x.length; i++) {
                if (!Double.isFinite(ser.y[i])) {
                    continue;
                }
                int px = left + (int) ((ser.x[i] - minX) / (maxX - minX) * pw);
                int py = top + ph - (int) ((ser.y[i] - minY) / (maxY - minY) * ph);
                if (prevX >= 0) {
                    g.drawLine(prevX, prevY, px, py);
                }
                prevX = px;
                prevY = py;
            }
            g.fillRect(left + pw - 170, top + 10 + 18 * s, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(ser.name, left + pw - 152, top + 21 + 18 * s);
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }
}
