package io.vidprop.synth;

/** Packed 0xRRGGBB colour arithmetic for the camera scenes. */
final class Rgb {
    private Rgb() {}

    /** {@code c} with its saturation, then contrast around mid-grey, then brightness changed. */
    static int adjust(int c, double contrast, double brightness, double saturation) {
        int r = c >> 16 & 0xff;
        int g = c >> 8 & 0xff;
        int b = c & 0xff;
        double grey = 0.299 * r + 0.587 * g + 0.114 * b;
        return channel(r, grey, contrast, brightness, saturation) << 16
                | channel(g, grey, contrast, brightness, saturation) << 8
                | channel(b, grey, contrast, brightness, saturation);
    }

    private static int channel(int v, double grey, double contrast, double brightness, double saturation) {
        double s = grey + saturation * (v - grey);
        return clamp((int) Math.round(128 + contrast * (s - 128) + brightness));
    }

    static int clamp(int v) {
        return v < 0 ? 0 : v > 255 ? 255 : v;
    }

    /** {@code a} blended towards {@code b} by {@code t} in [0, 1]. */
    static int mix(int a, int b, double t) {
        int out = 0;
        for (int s = 16; s >= 0; s -= 8) {
            out = out << 8 | (int) Math.round((1 - t) * (a >> s & 0xff) + t * (b >> s & 0xff));
        }
        return out;
    }
}
