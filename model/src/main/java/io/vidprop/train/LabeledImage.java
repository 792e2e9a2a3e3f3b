package io.vidprop.train;

import io.vidprop.image.RgbImage;

/** An image and its ground-truth boxes (x1, y1, x2, y2 per box, in the image's pixels). */
public record LabeledImage(RgbImage image, float[] boxes) {
    public LabeledImage {
        if (boxes.length % 4 != 0) {
            throw new IllegalArgumentException("boxes need 4 coordinates each, got " + boxes.length + " values");
        }
    }

    public int boxCount() {
        return boxes.length / 4;
    }
}
