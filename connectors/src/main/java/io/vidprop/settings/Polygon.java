package io.vidprop.settings;

import java.io.Serializable;
import java.util.Arrays;

/** A closed polygon in frame pixels, as x1, y1, x2, y2, ... (at least three corners). */
public final class Polygon implements Serializable {
    private static final long serialVersionUID = 1L;
    private final float[] xs;
    private final float[] ys;

    private Polygon(float[] xs, float[] ys) {
        this.xs = xs;
        this.ys = ys;
    }

    /** From corner coordinates x1, y1, x2, y2, ...; throws with the reason when they do not make a polygon. */
    public static Polygon of(float... coordinates) {
        if (coordinates.length % 2 != 0) {
            throw new IllegalArgumentException("a polygon needs x, y pairs, got " + coordinates.length + " numbers");
        }
        if (coordinates.length < 6) {
            throw new IllegalArgumentException("a polygon needs at least 3 corners, got " + coordinates.length / 2);
        }
        int n = coordinates.length / 2;
        float[] xs = new float[n];
        float[] ys = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = coordinates[2 * i];
            ys[i] = coordinates[2 * i + 1];
            if (!Float.isFinite(xs[i]) || !Float.isFinite(ys[i])) {
                throw new IllegalArgumentException("polygon corner " + (i + 1) + " is not a finite point");
            }
        }
        return new Polygon(xs, ys);
    }

    /** Whether the point is inside (even-odd rule; points on an edge may fall either way). */
    public boolean contains(float x, float y) {
        boolean inside = false;
        for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
            if ((ys[i] > y) != (ys[j] > y)
                    && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
                inside = !inside;
            }
        }
        return inside;
    }

    /** The corners as x1, y1, x2, y2, .... */
    public float[] coordinates() {
        float[] out = new float[2 * xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[2 * i] = xs[i];
            out[2 * i + 1] = ys[i];
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Polygon p && Arrays.equals(xs, p.xs) && Arrays.equals(ys, p.ys);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(xs) + Arrays.hashCode(ys);
    }

    @Override
    public String toString() {
        return "Polygon" + Arrays.toString(coordinates());
    }
}
