package io.vidprop.rpn;

import java.util.Arrays;

/**
 * Greedy non-maximum suppression with torchvision's semantics: boxes are visited in descending score order (ties in
 * ascending index order), and a box is kept unless a kept box of the same group has IoU strictly greater than the
 * threshold with it. IoU is computed in float32 exactly as {@code torchvision.ops.nms} computes it, so decisions on the
 * threshold agree to the bit.
 *
 * <p>Suppression stops as soon as {@code maxKeep} boxes are kept: the first n boxes kept by greedy NMS do not depend
 * on the boxes after them, so the output is identical to running it to the end and truncating.
 *
 * <p>An instance holds reusable work buffers and is not thread-safe; the static methods are.
 */
public final class Nms {
    private float[][] keptX1 = new float[1][64];
    private float[][] keptY1 = new float[1][64];
    private float[][] keptX2 = new float[1][64];
    private float[][] keptY2 = new float[1][64];
    private float[][] keptArea = new float[1][64];
    private int[] keptCount = new int[1];
    private long[] keys = new long[0];
    private int[] order = new int[0];

    /** {@code torchvision.ops.nms}: indices of the kept boxes in descending score order. */
    public static int[] nms(float[] boxes, float[] scores, double iouThreshold) {
        return nms(boxes, scores, iouThreshold, Integer.MAX_VALUE);
    }

    /** Greedy NMS that stops after {@code maxKeep} kept boxes. */
    public static int[] nms(float[] boxes, float[] scores, double iouThreshold, int maxKeep) {
        return batched(boxes, scores, null, iouThreshold, maxKeep);
    }

    /**
     * NMS within groups: boxes of different groups never suppress each other (torchvision's {@code batched_nms}).
     * Indices of the kept boxes come in descending score order over all groups.
     *
     * @param groups group of each box, from 0; {@code null} puts all boxes in one group
     */
    public static int[] batched(float[] boxes, float[] scores, int[] groups, double iouThreshold, int maxKeep) {
        int n = scores.length;
        if (boxes.length != 4 * n) {
            throw new IllegalArgumentException("expected " + 4 * n + " box coordinates for " + n + " scores, got "
                    + boxes.length);
        }
        if (groups != null && groups.length != n) {
            throw new IllegalArgumentException("expected " + n + " group ids, got " + groups.length);
        }
        requireFinite(boxes, scores, n);
        int groupCount = 1;
        if (groups != null) {
            for (int g : groups) {
                if (g < 0) {
                    throw new IllegalArgumentException("group ids must not be negative, got " + g);
                }
                groupCount = Math.max(groupCount, g + 1);
            }
        }
        Nms nms = new Nms();
        int[] order = nms.sortedOrder(scores, n);
        int[] keep = new int[Math.min(n, Math.max(0, maxKeep))];
        int kept = nms.suppress(boxes, order, n, groups, groupCount, iouThreshold, maxKeep, keep);
        return Arrays.copyOf(keep, kept);
    }

    static void requireFinite(float[] boxes, float[] scores, int n) {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(scores[i])) {
                throw new IllegalArgumentException("box " + i + " has a non-finite score: " + scores[i]);
            }
            int b = 4 * i;
            if (!Float.isFinite(boxes[b]) || !Float.isFinite(boxes[b + 1])
                    || !Float.isFinite(boxes[b + 2]) || !Float.isFinite(boxes[b + 3])) {
                throw new IllegalArgumentException("box " + i + " has a non-finite coordinate: ["
                        + boxes[b] + ", " + boxes[b + 1] + ", " + boxes[b + 2] + ", " + boxes[b + 3] + "]");
            }
        }
    }

    static void requireThreshold(double iouThreshold) {
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("the NMS IoU threshold must be in [0, 1], got " + iouThreshold);
        }
    }

    /** Indices 0..n-1 ordered by descending score, ties by ascending index. The array is reused across calls. */
    int[] sortedOrder(float[] scores, int n) {
        if (keys.length < n) {
            keys = new long[n];
            order = new int[n];
        }
        for (int i = 0; i < n; i++) {
            keys[i] = SortKeys.descending(scores[i], i);
        }
        Arrays.sort(keys, 0, n);
        for (int i = 0; i < n; i++) {
            order[i] = SortKeys.index(keys[i]);
        }
        return order;
    }

    /**
     * Visits boxes in {@code order[0..n)} and writes the kept indices into {@code keep}, stopping at {@code maxKeep}.
     * Coordinates must already be known to be finite.
     *
     * @return the number of kept boxes
     */
    int suppress(float[] boxes, int[] order, int n, int[] groups, int groupCount, double iouThreshold, int maxKeep,
            int[] keep) {
        requireThreshold(iouThreshold);
        resetGroups(groupCount);
        int kept = 0;
        for (int p = 0; p < n && kept < maxKeep; p++) {
            int j = order[p];
            int b = 4 * j;
            float x1 = boxes[b];
            float y1 = boxes[b + 1];
            float x2 = boxes[b + 2];
            float y2 = boxes[b + 3];
            float area = (x2 - x1) * (y2 - y1);
            int g = groups == null ? 0 : groups[j];
            if (!overlapsKept(g, x1, y1, x2, y2, area, iouThreshold)) {
                addKept(g, x1, y1, x2, y2, area);
                keep[kept++] = j;
            }
        }
        return kept;
    }

    private boolean overlapsKept(int g, float x1, float y1, float x2, float y2, float area, double iouThreshold) {
        float[] kx1 = keptX1[g];
        float[] ky1 = keptY1[g];
        float[] kx2 = keptX2[g];
        float[] ky2 = keptY2[g];
        float[] ka = keptArea[g];
        int count = keptCount[g];
        for (int i = 0; i < count; i++) {
            float w = Math.min(kx2[i], x2) - Math.max(kx1[i], x1);
            if (!(w > 0)) {
                continue; // no overlap: IoU is 0 (or 0/0), never above a threshold >= 0
            }
            float h = Math.min(ky2[i], y2) - Math.max(ky1[i], y1);
            if (!(h > 0)) {
                continue;
            }
            float inter = w * h;
            float iou = inter / (ka[i] + area - inter);
            if (iou > iouThreshold) {
                return true;
            }
        }
        return false;
    }

    private void resetGroups(int groupCount) {
        if (keptCount.length < groupCount) {
            keptX1 = Arrays.copyOf(keptX1, groupCount);
            keptY1 = Arrays.copyOf(keptY1, groupCount);
            keptX2 = Arrays.copyOf(keptX2, groupCount);
            keptY2 = Arrays.copyOf(keptY2, groupCount);
            keptArea = Arrays.copyOf(keptArea, groupCount);
            for (int g = keptCount.length; g < groupCount; g++) {
                keptX1[g] = new float[64];
                keptY1[g] = new float[64];
                keptX2[g] = new float[64];
                keptY2[g] = new float[64];
                keptArea[g] = new float[64];
            }
            keptCount = new int[groupCount];
        }
        Arrays.fill(keptCount, 0);
    }

    private void addKept(int g, float x1, float y1, float x2, float y2, float area) {
        int c = keptCount[g];
        if (c == keptX1[g].length) {
            int cap = 2 * c;
            keptX1[g] = Arrays.copyOf(keptX1[g], cap);
            keptY1[g] = Arrays.copyOf(keptY1[g], cap);
            keptX2[g] = Arrays.copyOf(keptX2[g], cap);
            keptY2[g] = Arrays.copyOf(keptY2[g], cap);
            keptArea[g] = Arrays.copyOf(keptArea[g], cap);
        }
        keptX1[g][c] = x1;
        keptY1[g][c] = y1;
        keptX2[g][c] = x2;
        keptY2[g][c] = y2;
        keptArea[g][c] = area;
        keptCount[g] = c + 1;
    }
}
