package io.vidprop.rpn;

/**
 * The RPN head's output for one image at one feature level, in the network's own channel-major layout: objectness
 * {@code [A, H, W]} starting at {@code objectnessOffset} and box deltas {@code [4A, H, W]} (channel {@code 4a + k}
 * holds component k of anchor a) starting at {@code deltasOffset}. Offsets let one batch tensor serve every image
 * without copying.
 */
public record LevelPrediction(
        int anchorsPerLocation,
        int height,
        int width,
        float[] objectness,
        int objectnessOffset,
        float[] deltas,
        int deltasOffset) {

    public LevelPrediction {
        if (anchorsPerLocation <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("a level needs positive anchors per location and grid size, got A="
                    + anchorsPerLocation + " " + height + "x" + width);
        }
        long n = (long) anchorsPerLocation * height * width;
        if (objectnessOffset < 0 || objectnessOffset + n > objectness.length) {
            throw new IllegalArgumentException("objectness holds " + objectness.length + " values; [" + anchorsPerLocation
                    + ", " + height + ", " + width + "] at offset " + objectnessOffset + " does not fit");
        }
        if (deltasOffset < 0 || deltasOffset + 4 * n > deltas.length) {
            throw new IllegalArgumentException("deltas hold " + deltas.length + " values; [" + 4 * anchorsPerLocation
                    + ", " + height + ", " + width + "] at offset " + deltasOffset + " does not fit");
        }
    }

    /** A level whose arrays hold exactly this image's outputs. */
    public static LevelPrediction of(int anchorsPerLocation, int height, int width, float[] objectness, float[] deltas) {
        return new LevelPrediction(anchorsPerLocation, height, width, objectness, 0, deltas, 0);
    }

    public int anchorCount() {
        return anchorsPerLocation * height * width;
    }
}
