package io.vidprop.rpn;

/**
 * Linear Soft-NMS (Bodla et al., "Soft-NMS: Improving Object Detection With One Line of Code", 2017): instead of
 * dropping a box whose IoU with a kept box of the same group exceeds the threshold, its score is multiplied by
 * {@code 1 - IoU}, and the box competes again with its lowered score. The box kept next is always the one with the
 * highest current score (ties: the lower index). Kept boxes come in the order they were picked, with the scores
 * they had when picked.
 *
 * <p>Where greedy NMS drops a well-placed box because a higher-scored but worse-placed one overlaps it, Soft-NMS keeps
 * it further down the list. It is not torchvision's behaviour, so it is off unless a model's configuration asks for it.
 *
 * <p>An instance holds reusable work buffers and is not thread-safe.
 */
public final class SoftNms {
    private float[] current = new float[0];
    private float[] area = new float[0];
    private boolean[] done = new boolean[0];
    private int[] byX1 = new int[0];
    private float[] sortedX1 = new float[0];
    private long[] keys = new long[0];
    private long[] heap = new long[0];
    private int heapSize;

    /**
     * Picks up to {@code maxKeep} of the boxes {@code 0..n)}, writing their indices into {@code keep} and their
     * decayed scores into {@code keptScores}. Coordinates and scores must already be known to be finite.
     *
     * @param groups group of each box; boxes of different groups never lower each other's scores
     * @return the number of kept boxes
     */
    public int suppress(float[] boxes, float[] scores, int[] groups, int n, double iouThreshold, int maxKeep,
            int[] keep, float[] keptScores) {
        Nms.requireThreshold(iouThreshold);
        prepare(boxes, scores, n);
        int kept = 0;
        while (kept < maxKeep && heapSize > 0) {
            long top = pop();
            int pick = SortKeys.index(top);
            if (done[pick] || SortKeys.descending(current[pick], pick) != top) {
                continue; // an entry from before the box's score was lowered, or a box already kept
            }
            done[pick] = true;
            keep[kept] = pick;
            keptScores[kept] = current[pick];
            kept++;
            decayOverlaps(boxes, groups, n, pick, iouThreshold);
        }
        return kept;
    }

    private void prepare(float[] boxes, float[] scores, int n) {
        if (current.length < n) {
            current = new float[n];
            area = new float[n];
            done = new boolean[n];
            byX1 = new int[n];
            sortedX1 = new float[n];
            keys = new long[n];
        }
        if (heap.length < 2 * n + 16) {
            heap = new long[2 * n + 16];
        }
        heapSize = 0;
        for (int i = 0; i < n; i++) {
            current[i] = scores[i];
            done[i] = false;
            int b = 4 * i;
            area[i] = (boxes[b + 2] - boxes[b]) * (boxes[b + 3] - boxes[b + 1]);
            keys[i] = SortKeys.descending(-boxes[b], i);
            push(SortKeys.descending(scores[i], i));
        }
        java.util.Arrays.sort(keys, 0, n);
        for (int p = 0; p < n; p++) {
            byX1[p] = SortKeys.index(keys[p]);
            sortedX1[p] = boxes[4 * byX1[p]];
        }
    }

    /**
     * Lowers the scores of the boxes that overlap {@code pick} by more than the threshold. Only boxes whose left
     * edge lies near the pick's can: IoU above t needs a horizontal overlap above t times either width, so the
     * left edges differ by less than (1 - t) / t times the pick's width.
     */
    private void decayOverlaps(float[] boxes, int[] groups, int n, int pick, double iouThreshold) {
        int b = 4 * pick;
        float x1 = boxes[b];
        float y1 = boxes[b + 1];
        float x2 = boxes[b + 2];
        float y2 = boxes[b + 3];
        float a = area[pick];
        int g = groups[pick];
        int from = 0;
        int to = n;
        if (iouThreshold >= 0.1) {
            double reach = (x2 - x1) * (1 - iouThreshold) / iouThreshold * 1.001 + 1e-3;
            from = lowerBound(x1 - reach, n);
            to = lowerBound(x1 + reach, n);
        }
        for (int p = from; p < to; p++) {
            int j = byX1[p];
            if (done[j] || groups[j] != g) {
                continue;
            }
            int c = 4 * j;
            float w = Math.min(x2, boxes[c + 2]) - Math.max(x1, boxes[c]);
            if (!(w > 0)) {
                continue;
            }
            float h = Math.min(y2, boxes[c + 3]) - Math.max(y1, boxes[c + 1]);
            if (!(h > 0)) {
                continue;
            }
            float inter = w * h;
            float iou = inter / (a + area[j] - inter);
            if (iou > iouThreshold) {
                current[j] *= 1f - iou;
                push(SortKeys.descending(current[j], j));
            }
        }
    }

    /** First position whose left edge is at or beyond {@code x} (all positions up to n: n). */
    private int lowerBound(double x, int n) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedX1[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    // A binary min-heap of sort keys: the smallest key is the highest score (ties: the lower index).
    private void push(long key) {
        if (heapSize == heap.length) {
            heap = java.util.Arrays.copyOf(heap, 2 * heap.length);
        }
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= key) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = key;
    }

    private long pop() {
        long top = heap[0];
        long last = heap[--heapSize];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && heap[child + 1] < heap[child]) {
                child++;
            }
            if (heap[child] >= last) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        if (heapSize > 0) {
            heap[i] = last;
        }
        return top;
    }
}
