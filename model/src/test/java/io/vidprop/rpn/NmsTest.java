package io.vidprop.rpn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.vpt.VptFile;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NmsTest {

    @Test
    void equalsTorchvisionOnAwkwardBoxSets() {
        VptFile f = Fixtures.file("nms");
        for (int c = 0; c < 12; c++) {
            float[] boxes = f.floats("boxes_" + c);
            float[] scores = f.floats("scores_" + c);
            double threshold = new double[] {0.0, 0.3, 0.5, 0.7, 0.9, 1.0}[c % 6];
            assertArrayEquals(f.ints("keep_" + c), Nms.nms(boxes, scores, threshold), "case " + c);
        }
    }

    @Test
    void equalsBruteForceOnThousandsOfRandomSets() {
        Random random = new Random(42);
        for (int trial = 0; trial < 3000; trial++) {
            int n = 1 + random.nextInt(trial % 10 == 0 ? 300 : 60);
            float[] boxes = new float[4 * n];
            float[] scores = new float[n];
            fillAwkward(random, boxes, scores, n, trial);
            double threshold = random.nextInt(11) / 10.0;
            int[] groups = trial % 3 == 0 ? randomGroups(random, n) : null;
            int[] expected = bruteForce(boxes, scores, groups, threshold);
            int[] actual = Nms.batched(boxes, scores, groups, threshold, Integer.MAX_VALUE);
            assertArrayEquals(expected, actual, "trial " + trial);
        }
    }

    @Test
    void stoppingAtMaxKeepEqualsTruncatingTheFullResult() {
        Random random = new Random(7);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + random.nextInt(200);
            float[] boxes = new float[4 * n];
            float[] scores = new float[n];
            fillAwkward(random, boxes, scores, n, trial);
            int[] full = Nms.nms(boxes, scores, 0.5);
            int maxKeep = random.nextInt(n + 2);
            int[] early = Nms.nms(boxes, scores, 0.5, maxKeep);
            assertArrayEquals(Arrays.copyOf(full, Math.min(maxKeep, full.length)), early, "trial " + trial);
        }
    }

    @Test
    void tiedScoresKeepIndexOrder() {
        float[] boxes = {0, 0, 10, 10, 100, 100, 110, 110, 0, 0, 10, 10, 200, 200, 210, 210};
        float[] scores = {0.5f, 0.5f, 0.5f, 0.9f};
        // Box 2 duplicates box 0 and comes later with the same score: box 0 wins.
        assertArrayEquals(new int[] {3, 0, 1}, Nms.nms(boxes, scores, 0.5));
    }

    @Test
    void iouExactlyAtThresholdIsKept() {
        // IoU of these two boxes is exactly 0.5: suppression needs IoU strictly above the threshold.
        float[] boxes = {0, 0, 10, 10, 0, 0, 10, 5};
        float[] scores = {0.9f, 0.8f};
        assertArrayEquals(new int[] {0, 1}, Nms.nms(boxes, scores, 0.5));
        assertArrayEquals(new int[] {0}, Nms.nms(boxes, scores, 0.49));
    }

    @Test
    void groupsNeverSuppressEachOther() {
        float[] boxes = {0, 0, 10, 10, 0, 0, 10, 10, 0, 0, 10, 10};
        float[] scores = {0.9f, 0.8f, 0.7f};
        assertArrayEquals(new int[] {0, 1}, Nms.batched(boxes, scores, new int[] {0, 1, 0}, 0.5, 10));
    }

    @Test
    void rejectsNonFiniteInput() {
        float[] scores = {0.9f, Float.NaN};
        float[] boxes = {0, 0, 10, 10, 0, 0, 10, 10};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Nms.nms(boxes, scores, 0.5));
        assertEquals("box 1 has a non-finite score: NaN", e.getMessage());

        float[] badBoxes = {0, 0, Float.POSITIVE_INFINITY, 10};
        e = assertThrows(IllegalArgumentException.class, () -> Nms.nms(badBoxes, new float[] {1f}, 0.5));
        assertEquals("box 0 has a non-finite coordinate: [0.0, 0.0, Infinity, 10.0]", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Nms.nms(boxes, new float[] {1f, 1f}, 1.5));
        assertEquals("the NMS IoU threshold must be in [0, 1], got 1.5", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Nms.nms(boxes, new float[] {1f}, 0.5));
        assertEquals("expected 4 box coordinates for 1 scores, got 8", e.getMessage());
    }

    @Test
    void emptyInputKeepsNothing() {
        assertEquals(0, Nms.nms(new float[0], new float[0], 0.7).length);
    }

    /** Boxes with ties, duplicates, zero area and touching edges mixed in. */
    static void fillAwkward(Random random, float[] boxes, float[] scores, int n, int trial) {
        boolean grid = trial % 4 == 0;
        for (int i = 0; i < n; i++) {
            float x = grid ? 4 * random.nextInt(10) : random.nextFloat() * 60;
            float y = grid ? 4 * random.nextInt(10) : random.nextFloat() * 60;
            float w = grid ? 4 * random.nextInt(4) : random.nextFloat() * 30;
            float h = grid ? 4 * random.nextInt(4) : random.nextFloat() * 30;
            if (random.nextInt(10) == 0) {
                w = 0;
            }
            boxes[4 * i] = x;
            boxes[4 * i + 1] = y;
            boxes[4 * i + 2] = x + w;
            boxes[4 * i + 3] = y + h;
            scores[i] = trial % 2 == 0 ? random.nextInt(5) / 4f : random.nextFloat();
            if (i > 0 && random.nextInt(8) == 0) {
                System.arraycopy(boxes, 4 * random.nextInt(i), boxes, 4 * i, 4);
            }
        }
    }

    private static int[] randomGroups(Random random, int n) {
        int[] groups = new int[n];
        for (int i = 0; i < n; i++) {
            groups[i] = random.nextInt(3);
        }
        return groups;
    }

    /** The textbook algorithm: stable sort, then suppress every later box of the same group above the threshold. */
    static int[] bruteForce(float[] b, float[] scores, int[] groups, double threshold) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Float.compare(scores[q], scores[p]));
        boolean[] suppressed = new boolean[n];
        int[] keep = new int[n];
        int kept = 0;
        for (int oi = 0; oi < n; oi++) {
            int i = order[oi];
            if (suppressed[i]) {
                continue;
            }
            keep[kept++] = i;
            for (int oj = oi + 1; oj < n; oj++) {
                int j = order[oj];
                if (groups != null && groups[i] != groups[j]) {
                    continue;
                }
                float areaI = (b[4 * i + 2] - b[4 * i]) * (b[4 * i + 3] - b[4 * i + 1]);
                float areaJ = (b[4 * j + 2] - b[4 * j]) * (b[4 * j + 3] - b[4 * j + 1]);
                float w = Math.max(0f, Math.min(b[4 * i + 2], b[4 * j + 2]) - Math.max(b[4 * i], b[4 * j]));
                float h = Math.max(0f, Math.min(b[4 * i + 3], b[4 * j + 3]) - Math.max(b[4 * i + 1], b[4 * j + 1]));
                float inter = w * h;
                float iou = inter / (areaI + areaJ - inter);
                if (iou > threshold) {
                    suppressed[j] = true;
                }
            }
        }
        assertTrue(kept <= n);
        return Arrays.copyOf(keep, kept);
    }
}
