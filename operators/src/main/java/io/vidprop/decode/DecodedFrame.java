package io.vidprop.decode;

import io.vidprop.image.RgbImage;

/**
 * A decoded frame: its pixels, possibly decoded at reduced scale, and the size of the original frame, so proposals
 * made on the pixels can be mapped back to the original's coordinates.
 */
public record DecodedFrame(RgbImage image, int originalWidth, int originalHeight) {
    /** Original pixels per decoded pixel, horizontally. */
    public float scaleX() {
        return (float) originalWidth / image.width();
    }

    /** Original pixels per decoded pixel, vertically. */
    public float scaleY() {
        return (float) originalHeight / image.height();
    }
}
