package io.vidprop.image;

/** An 8-bit RGB image, pixels interleaved row by row (HWC). */
public record RgbImage(int width, int height, byte[] pixels) {
    public RgbImage {
        if (width <= 0 || height <= 0 || pixels.length != 3 * width * height) {
            throw new IllegalArgumentException("an RGB image of " + width + "x" + height + " needs "
                    + 3L * width * height + " bytes, got " + pixels.length);
        }
    }
}
