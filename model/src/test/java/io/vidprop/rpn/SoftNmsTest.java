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

    @Test
    void theRangeSearchKeepsWhatAFullScanKeeps() {
        java.util.Random random = new java.util.Random(7);
        SoftNms soft = new SoftNms();
        for (int trial = 0; trial < 40; trial++) {
            int n = 50 + random.nextInt(400);
            float[] boxes = new float[4 * n];
            float[] scores = new float[n];
            int[] groups = new int[n];
            for (int i = 0; i < n; i++) {
                // Clusters of similar boxes, as around objects, plus widths from 1 to 300 px.
                float cx = 20 * random.nextInt(10) + (float) random.nextGaussian() * 4;
                float cy = 20 * random.nextInt(10) + (float) random.nextGaussian() * 4;
                float w = (float) Math.exp(random.nextDouble() * Math.log(300));
                float h = w * (0.3f + random.nextFloat() * 3);
                boxes[4 * i] = cx - w / 2;
                boxes[4 * i + 1] = cy - h / 2;
                boxes[4 * i + 2] = cx + w / 2;
                boxes[4 * i + 3] = cy + h / 2;
                scores[i] = random.nextInt(20) / 20f; // ties too
                groups[i] = random.nextInt(3);
            }
            double threshold = new double[] {0.05, 0.3, 0.5, 0.7, 0.9}[trial % 5];
            int maxKeep = 1 + random.nextInt(n);
            int[] keep = new int[maxKeep];
            float[] kept = new float[maxKeep];
            int k = soft.suppress(boxes, scores, groups, n, threshold, maxKeep, keep, kept);
            int[] expectedKeep = new int[maxKeep];
            float[] expectedKept = new float[maxKeep];
            assertEquals(fullScan(boxes, scores, groups, n, threshold, maxKeep, expectedKeep, expectedKept), k);
            assertArrayEquals(expectedKeep, keep, "trial " + trial);
            assertArrayEquals(expectedKept, kept, "trial " + trial);
        }
    }

    /** The definition, scanning every remaining box at every step. */
    static int fullScan(float[] boxes, float[] scores, int[] groups, int n, double threshold, int maxKeep,
            int[] keep, float[] kept) {
        float[] s = scores.clone();
        boolean[] done = new boolean[n];
        int k = 0;
        while (k < maxKeep) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!done[i] && (best < 0 || s[i] > s[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            done[best] = true;
            keep[k] = best;
            kept[k++] = s[best];
            for (int j = 0; j < n; j++) {
                if (!done[j] && groups[j] == groups[best]) {
                    float iou = BoxIou.iou(boxes, 4 * best, boxes, 4 * j);
                    if (iou > threshold) {
                        s[j] *= 1f - iou;
                    }
                }
            }
        }
        return k;
    }
}
