package io.vidprop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnchorLabelerTest {
    private final AnchorLabeler labeler = AnchorLabeler.rpnDefault();

    @Test
    void labelsByIouWithLowQualityMatches() {
        float[] anchors = {
            0, 0, 10, 10, // IoU 1 with box 0: positive
            0, 0, 10, 8, // IoU 0.8 with box 0: positive
            0, 0, 10, 5, // IoU 0.5 with box 0: ignored
            50, 50, 60, 60, // IoU 0 with everything: negative
            100, 100, 120, 110, // IoU 0.5 with box 1, its best anchor: positive (low-quality match)
            100, 100, 120, 102, // IoU 0.1 with box 1: negative
            -5, -5, 8, 8, // crosses the border, IoU 0.33 with box 0: kept and ignored, not dropped
        };
        float[] boxes = {0, 0, 10, 10, 100, 100, 120, 120};
        AnchorLabeler.Labels labels = labeler.label(anchors, boxes);
        assertArrayEquals(new byte[] {1, 1, -1, 0, 1, 0, -1}, labels.label());
        assertEquals(0, labels.matchedBox()[0]);
        assertEquals(0, labels.matchedBox()[1]);
        assertEquals(1, labels.matchedBox()[4]);
    }

    @Test
    void everyAnchorTyingForABoxsBestIouIsPositive() {
        float[] anchors = {0, 0, 20, 20, 10, 0, 30, 20, 40, 40, 60, 60};
        float[] boxes = {5, 0, 25, 20}; // IoU 0.6 with both of the first two anchors
        assertArrayEquals(new byte[] {1, 1, 0}, labeler.label(anchors, boxes).label());
    }

    @Test
    void imagesWithoutBoxesAreAllNegative() {
        assertArrayEquals(new byte[] {0, 0}, labeler.label(new float[] {0, 0, 1, 1, 2, 2, 3, 3}, new float[0]).label());
    }

    @Test
    void samplesAtMostHalfPositivesAndFillsWithNegatives() {
        byte[] label = new byte[1000];
        Arrays.fill(label, 0, 300, AnchorLabeler.POSITIVE);
        Arrays.fill(label, 300, 400, AnchorLabeler.IGNORED);
        AnchorLabeler.Sample s = AnchorLabeler.sample(label, 256, 0.5, new Random(1));
        assertEquals(128, s.positives().length);
        assertEquals(128, s.negatives().length);
        assertEquals(128, Arrays.stream(s.positives()).distinct().filter(i -> i < 300).count());
        assertEquals(128, Arrays.stream(s.negatives()).distinct().filter(i -> i >= 400).count());

        Arrays.fill(label, AnchorLabeler.NEGATIVE);
        label[7] = AnchorLabeler.POSITIVE;
        s = AnchorLabeler.sample(label, 256, 0.5, new Random(1));
        assertArrayEquals(new int[] {7}, s.positives());
        assertEquals(255, s.negatives().length);
    }
}
