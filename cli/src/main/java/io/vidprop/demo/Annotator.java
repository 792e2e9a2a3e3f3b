package io.vidprop.demo;

import io.vidprop.image.RgbImage;
import io.vidprop.synth.Images;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Draws the top proposals of a frame on it, best in the warmest colour, with their scores. */
public final class Annotator {
    private final int top;

    public Annotator(int top) {
        this.top = top;
    }

    public BufferedImage draw(RgbImage frame, float[][] proposals, String caption) {
        BufferedImage img = Images.toBufferedImage(frame);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float stroke = Math.max(1.5f, frame.width() / 400f);
        g.setStroke(new BasicStroke(stroke));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(11, frame.width() / 70)));
        int n = Math.min(top, proposals.length);
        for (int i = n - 1; i >= 0; i--) {
            float[] p = proposals[i];
            g.setColor(Color.getHSBColor(0.33f * i / Math.max(1, n - 1), 0.9f, 1f));
            g.drawRect(Math.round(p[0]), Math.round(p[1]), Math.round(p[2] - p[0]), Math.round(p[3] - p[1]));
            g.drawString(String.format("%.2f", p[4]), p[0] + 3, p[1] + g.getFont().getSize());
        }
        g.setColor(Color.WHITE);
        g.drawString(caption, 8, frame.height() - 8);
        g.dispose();
        return img;
    }
}
