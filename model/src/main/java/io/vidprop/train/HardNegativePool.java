package io.vidprop.train;

/** Which background anchors {@link RpnLoss}'s hard negatives are taken from. */
public enum HardNegativePool {
    /** Every negative anchor. */
    ALL,
    /**
     * Negative anchors lying mostly inside a large object's box (at least {@link #PART_COVERAGE} of the anchor's area,
     * the object at least {@link #LARGE_OBJECT_AREA} px in the network's input): an object's parts (an animal's eyes,
     * a close person's head), which outrank the whole object when the network has only learnt "textured region".
     * Unlike {@link #ALL}, this cannot pick an unlabelled real object in a photographic background; small objects are
     * left out because their parts are the size of small whole objects (a distant pedestrian).
     */
    PARTS,
    /**
     * Every negative anchor of images whose background is painted ({@link LabeledImage#exhaustive()}: rooms, tables,
     * car parks seen from above, classic scenes), none of the others: the walls, floors and table tops that outrank
     * objects, never an unlabelled person or car of a photograph.
     */
    PAINTED;

    public static final float PART_COVERAGE = 0.7f;
    public static final float LARGE_OBJECT_AREA = 64 * 64;

    /** Whether any anchor of this image may belong to this pool. */
    boolean admits(LabeledImage image) {
        return this != PAINTED || image.exhaustive();
    }

    /**
     * Whether negative anchor {@code a} of {@code anchors} (x1, y1, x2, y2 each), of an image this pool
     * {@linkplain #admits(LabeledImage) admits}, belongs to this pool.
     */
    boolean admits(float[] anchors, int a, float[] gtBoxes) {
        if (this != PARTS) {
            return true;
        }
        float x1 = anchors[4 * a], y1 = anchors[4 * a + 1], x2 = anchors[4 * a + 2], y2 = anchors[4 * a + 3];
        float area = (x2 - x1) * (y2 - y1);
        if (area <= 0) {
            return false;
        }
        for (int j = 0; j < gtBoxes.length; j += 4) {
            if ((gtBoxes[j + 2] - gtBoxes[j]) * (gtBoxes[j + 3] - gtBoxes[j + 1]) < LARGE_OBJECT_AREA) {
                continue;
            }
            float w = Math.min(x2, gtBoxes[j + 2]) - Math.max(x1, gtBoxes[j]);
            float h = Math.min(y2, gtBoxes[j + 3]) - Math.max(y1, gtBoxes[j + 1]);
            if (w > 0 && h > 0 && w * h >= PART_COVERAGE * area) {
                return true;
            }
        }
        return false;
    }
}
