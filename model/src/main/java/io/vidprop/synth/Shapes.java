package io.vidprop.synth;

import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;

/** Polygon shapes the camera scenes draw with. */
final class Shapes {
    private Shapes() {}

    /** A quadrilateral from a segment of width w1 centred at (x1, y1) to one of width w2 centred at (x2, y2). */
    static Shape quad(double x1, double y1, double w1, double x2, double y2, double w2) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(x1 - w1 / 2, y1);
        p.lineTo(x1 + w1 / 2, y1);
        p.lineTo(x2 + w2 / 2, y2);
        p.lineTo(x2 - w2 / 2, y2);
        p.closePath();
        return p;
    }

    /** A polygon given as (dx, dy) pairs: x = cx + dx * w, y = top + dy * h. */
    static Shape poly(double[] pts, double cx, double top, double w, double h) {
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

    /** {@code s} mirrored about the vertical line x = cx when {@code dir} is negative, else {@code s} itself. */
    static Shape mirrorX(Shape s, double cx, int dir) {
        if (dir > 0) {
            return s;
        }
        AffineTransform t = new AffineTransform(-1, 0, 0, 1, 2 * cx, 0);
        return t.createTransformedShape(s);
    }
}
