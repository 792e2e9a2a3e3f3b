package io.vidprop.train;

import io.vidprop.image.RgbImage;

/**
 * An image and its ground-truth boxes (x1, y1, x2, y2 per box, in the image's pixels). {@code exhaustive}: every
 * object in the image is boxed, so nothing outside the boxes is an object (a painted scene); false where the
 * background may hold unlabelled objects (a photograph, real footage).
 */
public record LabeledImage(RgbImage image, float[] boxes, boolean exhaustive) {
    /** An image whose background may hold unlabelled objects. */
    public LabeledImage(RgbImage image, float[] boxes) {
        this(image, boxes, false);
    }

    public LabeledImage {
        if (boxes.length % 4 != 0) {
            throw new IllegalArgumentException("boxes need 4 coordinates each, got " + boxes.length + " values");
        }
    }

    public int boxCount() {
        return boxes.length / 4;
    }
}
