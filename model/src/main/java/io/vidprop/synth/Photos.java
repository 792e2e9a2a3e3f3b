package io.vidprop.synth;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/** The photographs camera scenes are painted from, loaded once from the jar. */
final class Photos {
    /** Photographs from Debian's opencv-doc (OpenCV samples/data, Apache-2.0), downscaled; see photos/README.md. */
    static final List<String> NAMES = List.of("aero1.jpg", "aero3.jpg", "aloeL.jpg", "baboon.jpg", "board.jpg",
            "building.jpg", "ela_original.jpg", "fruits.jpg", "graf1.jpg", "home.jpg", "leuvenA.jpg",
            "pca_test1.jpg", "starry_night.jpg", "stuff.jpg");
    private static volatile Photo[] photos;

    /** A photograph as packed 0xRRGGBB pixels, row by row. */
    record Photo(int width, int height, int[] rgb) {
        /** The bilinearly interpolated colour at (x, y), clamped to the photograph. */
        int bilinear(double x, double y) {
            x = Math.max(0, Math.min(width - 1.001, x));
            y = Math.max(0, Math.min(height - 1.001, y));
            int ix = (int) x;
            int iy = (int) y;
            double fx = x - ix;
            double fy = y - iy;
            int a = rgb[iy * width + ix];
            int b = rgb[iy * width + ix + 1];
            int c = rgb[(iy + 1) * width + ix];
            int d = rgb[(iy + 1) * width + ix + 1];
            int out = 0;
            for (int s = 16; s >= 0; s -= 8) {
                double v = (1 - fy) * ((1 - fx) * (a >> s & 0xff) + fx * (b >> s & 0xff))
                        + fy * ((1 - fx) * (c >> s & 0xff) + fx * (d >> s & 0xff));
                out = out << 8 | (int) Math.round(v);
            }
            return out;
        }

        int meanColour() {
            long[] sum = new long[3];
            for (int c : rgb) {
                sum[0] += c >> 16 & 0xff;
                sum[1] += c >> 8 & 0xff;
                sum[2] += c & 0xff;
            }
            int n = rgb.length;
            return (int) (sum[0] / n) << 16 | (int) (sum[1] / n) << 8 | (int) (sum[2] / n);
        }
    }

    private Photos() {}

    /** All photographs, in the order of {@link #NAMES}. */
    static Photo[] all() {
        Photo[] p = photos;
        if (p == null) {
            synchronized (Photos.class) {
                p = photos;
                if (p == null) {
                    p = new Photo[NAMES.size()];
                    for (int i = 0; i < p.length; i++) {
                        p[i] = load("photos/" + NAMES.get(i));
                    }
                    photos = p;
                }
            }
        }
        return p;
    }

    private static Photo load(String name) {
        try (InputStream in = Photos.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/vidprop/synth/" + name);
            }
            BufferedImage img = ImageIO.read(in);
            int w = img.getWidth();
            int h = img.getHeight();
            return new Photo(w, h, img.getRGB(0, 0, w, h, null, 0, w));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
