package io.vidprop.rpn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SoftNmsTest {
    // Boxes 1 and 3 lie inside box 0 (IoU 0.8 and 0.6 with it); box 2 is elsewhere.
    static final float[] BOXES = {
        0, 0, 100, 100,
        0, 0, 80, 100,
        200, 200, 260, 260,
        0, 0, 100, 60,
    };

    @Test
    void overlapsAboveTheThresholdAreDemotedByOneMinusIouNotDropped() {
        float[] scores = {0.9f, 0.8f, 0.5f, 0.7f};
        int[] keep = new int[4];
        float[] kept = new float[4];
        int n = new SoftNms().suppress(BOXES, scores, new int[4], 4, 0.5, 4, keep, kept);
        assertEquals(4, n);
        // Picking box 0 lowers box 1 to 0.8 * 0.2 = 0.16 and box 3 to 0.7 * 0.4 = 0.28; then box 2 (0.5), box 3, whose
        // IoU with box 1 (4800 / 9200 = 0.52) lowers box 1 once more.
        assertArrayEquals(new int[] {0, 2, 3, 1}, keep);
        assertEquals(0.9f, kept[0]);
        assertEquals(0.5f, kept[1]);
        assertEquals(0.7f * (1f - 0.6f), kept[2], 1e-6f);
        float iou13 = 4800f / (8000f + 6000f - 4800f);
        assertEquals(0.8f * (1f - 0.8f) * (1f - iou13), kept[3], 1e-6f);
    }

    @Test
    void overlapsAtOrBelowTheThresholdAndOtherGroupsKeepTheirScores() {
        float[] scores = {0.9f, 0.8f, 0.5f, 0.7f};
        int[] keep = new int[4];
        float[] kept = new float[4];
        int n = new SoftNms().suppress(BOXES, scores, new int[] {0, 1, 0, 0}, 4, 0.65, 4, keep, kept);
        assertEquals(4, n);
        // Box 1 is in another group; box 3's IoU with box 0 is 0.6, not above 0.65.
        assertArrayEquals(new int[] {0, 1, 3, 2}, keep);
        assertArrayEquals(new float[] {0.9f, 0.8f, 0.7f, 0.5f}, kept);
    }

    @Test
    void stopsAtMaxKeepAndBreaksTiesByIndex() {
        float[] scores = {0.5f, 0.5f, 0.5f, 0.5f};
        int[] keep = new int[2];
        float[] kept = new float[2];
        assertEquals(2, new SoftNms().suppress(BOXES, scores, new int[] {0, 1, 2, 3}, 4, 0.5, 2, keep, kept));
        assertArrayEquals(new int[] {0, 1}, keep);
    }

    @Test
    void hardNmsDropsWhatSoftNmsKeeps() {
        float[] scores = {0.9f, 0.8f, 0.5f, 0.7f};
        assertArrayEquals(new int[] {0, 2}, Nms.nms(BOXES, scores, 0.5));
    }
}
