package io.vidprop.synth;

import io.vidprop.image.RgbImage;
import io.vidprop.train.LabeledImage;

/**
 * One frame of a synthetic video and its ground truth: x1, y1, x2, y2 per visible object, and each object's identity
 * (the same object has the same identity in every frame of its video). {@code painted}: the background is painted,
 * with no object in it that is not boxed; false over a photograph, whose own people, cars and signs are unlabelled.
 */
public record SyntheticFrame(int index, RgbImage image, float[] boxes, int[] identities, boolean painted) {
    public int objectCount() {
        return boxes.length / 4;
    }

    public LabeledImage labeled() {
        return new LabeledImage(image, boxes, painted);
    }
}
