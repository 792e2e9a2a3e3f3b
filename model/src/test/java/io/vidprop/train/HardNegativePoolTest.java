package io.vidprop.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.image.RgbImage;
import org.junit.jupiter.api.Test;

class HardNegativePoolTest {
    /** One object, 100 x 100 px. */
    private static final float[] OBJECT = {100, 100, 200, 200};

    /** Anchors: an eye inside the object; 70% inside (right at the bound); 60% inside; a patch of wall elsewhere. */
    private static final float[] ANCHORS = {
        120, 120, 140, 140,
        70, 100, 170, 200,
        60, 100, 160, 200,
        300, 300, 340, 340};

    @Test
    void partsTakesOnlyAnchorsLyingAtLeastSeventyPercentInsideAnObject() {
        assertTrue(HardNegativePool.PARTS.admits(ANCHORS, 0, OBJECT), "an anchor wholly inside the object");
        assertTrue(HardNegativePool.PARTS.admits(ANCHORS, 1, OBJECT), "70% of its area inside");
        assertFalse(HardNegativePool.PARTS.admits(ANCHORS, 2, OBJECT), "60% of its area inside");
        assertFalse(HardNegativePool.PARTS.admits(ANCHORS, 3, OBJECT), "background away from the object");
        assertFalse(HardNegativePool.PARTS.admits(ANCHORS, 0, new float[0]), "an image without objects has no parts");
    }

    @Test
    void partsLeavesOutSmallObjectsWhosePartsAreTheSizeOfSmallWholeObjects() {
        float[] distantPedestrian = {110, 110, 140, 170}; // 30 x 60 px, under 64 x 64
        float[] head = {120, 112, 130, 122};
        assertFalse(HardNegativePool.PARTS.admits(head, 0, distantPedestrian));
        float[] both = {110, 110, 140, 170, 100, 100, 200, 200};
        assertTrue(HardNegativePool.PARTS.admits(head, 0, both), "the same anchor inside a large object too");
    }

    @Test
    void paintedTakesEveryAnchorOfPaintedScenesAndNoneOfPhotographs() {
        RgbImage image = new RgbImage(4, 4, new byte[48]);
        assertTrue(HardNegativePool.PAINTED.admits(new LabeledImage(image, OBJECT, true)));
        assertFalse(HardNegativePool.PAINTED.admits(new LabeledImage(image, OBJECT, false)));
        assertFalse(HardNegativePool.PAINTED.admits(new LabeledImage(image, OBJECT)), "unlabelled unless said");
        for (int a = 0; a < ANCHORS.length / 4; a++) {
            assertTrue(HardNegativePool.PAINTED.admits(ANCHORS, a, OBJECT));
        }
        assertTrue(HardNegativePool.ALL.admits(new LabeledImage(image, OBJECT, false)));
        assertTrue(HardNegativePool.PARTS.admits(new LabeledImage(image, OBJECT, false)));
    }

    @Test
    void allTakesEveryAnchor() {
        for (int a = 0; a < ANCHORS.length / 4; a++) {
            assertTrue(HardNegativePool.ALL.admits(ANCHORS, a, OBJECT));
        }
    }
}
