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
    // Per box, in sorted position order (by run, then left edge), so the decay loop reads memory in sequence.
    private float[] x1s = new float[0];
    private float[] y1s = new float[0];
    private float[] x2s = new float[0];
    private float[] y2s = new float[0];
    private float[] areas = new float[0];
    private float[] current = new float[0];
    private boolean[] done = new boolean[0];
    private int[] groupOf = new int[0];
    private int[] indexAt = new int[0];
    private int[] positionOf = new int[0];
    // A run is a group and a band of widths; searchX1 is the left edge shifted by run * runStep, so each run is one
    // searchable stretch of positions.
    private float[] searchX1 = new float[0];
    private int[] runOf = new int[0];
    private double runStep;
    private double bandLog;
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
        prepare(boxes, scores, groups, n, iouThreshold);
        int kept = 0;
        while (kept < maxKeep && heapSize > 0) {
            long top = pop();
            int pick = SortKeys.index(top);
            int p = positionOf[pick];
            if (done[p] || SortKeys.descending(current[p], pick) != top) {
                continue; // an entry from before the box's score was lowered, or a box already kept
            }
            done[p] = true;
            keep[kept] = pick;
            keptScores[kept] = current[p];
            kept++;
            decayOverlaps(p, n, iouThreshold);
        }
        return kept;
    }

    private void prepare(float[] boxes, float[] scores, int[] groups, int n, double iouThreshold) {
        if (current.length < n) {
            x1s = new float[n];
            y1s = new float[n];
            x2s = new float[n];
            y2s = new float[n];
            areas = new float[n];
            current = new float[n];
            done = new boolean[n];
            groupOf = new int[n];
            indexAt = new int[n];
            positionOf = new int[n];
            searchX1 = new float[n];
            runOf = new int[n];
            keys = new long[n];
        }
        if (heap.length < 2 * n + 16) {
            heap = new long[2 * n + 16];
        }
        double span = 1;
        for (int i = 0; i < 4 * n; i++) {
            span = Math.max(span, Math.abs(boxes[i]));
        }
        runStep = 4 * span + 16;
        // IoU above t needs widths within a factor 1/t of each other: with bands of log-width log(1/t), a box's
        // overlaps lie in its own band or the two beside it. Below t = 0.1 all widths share one band.
        bandLog = iouThreshold >= 0.1 ? Math.log(1 / iouThreshold) : Double.POSITIVE_INFINITY;
        int minBand = Integer.MAX_VALUE;
        int maxBand = Integer.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            int band = band(boxes[4 * i + 2] - boxes[4 * i]);
            runOf[i] = band;
            minBand = Math.min(minBand, band);
            maxBand = Math.max(maxBand, band);
        }
        int bands = maxBand - minBand + 3; // an empty band on either side, so that band - 1 and band + 1 exist
        heapSize = 0;
        for (int i = 0; i < n; i++) {
            runOf[i] = groups[i] * bands + runOf[i] - minBand + 1;
            keys[i] = SortKeys.descending((float) -(boxes[4 * i] + runOf[i] * runStep), i);
            push(SortKeys.descending(scores[i], i));
        }
        java.util.Arrays.sort(keys, 0, n);
        for (int p = 0; p < n; p++) {
            int i = SortKeys.index(keys[p]);
            int b = 4 * i;
            indexAt[p] = i;
            positionOf[i] = p;
            x1s[p] = boxes[b];
            y1s[p] = boxes[b + 1];
            x2s[p] = boxes[b + 2];
            y2s[p] = boxes[b + 3];
            areas[p] = (boxes[b + 2] - boxes[b]) * (boxes[b + 3] - boxes[b + 1]);
            current[p] = scores[i];
            done[p] = false;
            groupOf[p] = groups[i];
            searchX1[p] = -SortKeys.value(keys[p]);
        }
    }

    private int band(float width) {
        return Double.isInfinite(bandLog) ? 0 : (int) Math.floor(Math.log(Math.max(width, 1e-6)) / bandLog);
    }

    /**
     * Lowers the scores of the boxes that overlap the box at position {@code pick} by more than the threshold. Only
     * boxes of a neighbouring width band whose left edge lies near the pick's can: IoU above t needs a horizontal
     * overlap above t times either width, so the left edges differ by less than (1 - t) / t times the pick's width.
     */
    private void decayOverlaps(int pick, int n, double iouThreshold) {
        if (Double.isInfinite(bandLog)) {
            decayRange(pick, 0, n, iouThreshold);
            return;
        }
        double reach = (x2s[pick] - x1s[pick]) * (1 - iouThreshold) / iouThreshold * 1.001 + 1e-3;
        int run = runOf[indexAt[pick]];
        for (int r = run - 1; r <= run + 1; r++) {
            double edge = x1s[pick] + r * runStep;
            double slack = reach + 2 * Math.ulp((float) (Math.abs(edge) + reach)); // searchX1 is rounded to float
            decayRange(pick, lowerBound(edge - slack, n), lowerBound(edge + slack, n), iouThreshold);
        }
    }

    private void decayRange(int pick, int from, int to, double iouThreshold) {
        float x1 = x1s[pick];
        float y1 = y1s[pick];
        float x2 = x2s[pick];
        float y2 = y2s[pick];
        float a = areas[pick];
        int g = groupOf[pick];
        for (int p = from; p < to; p++) {
            float w = Math.min(x2, x2s[p]) - Math.max(x1, x1s[p]);
            if (!(w > 0)) {
                continue;
            }
            float h = Math.min(y2, y2s[p]) - Math.max(y1, y1s[p]);
            if (!(h > 0) || done[p] || groupOf[p] != g) {
                continue;
            }
            float inter = w * h;
            float iou = inter / (a + areas[p] - inter);
            if (iou > iouThreshold) {
                current[p] *= 1f - iou;
                push(SortKeys.descending(current[p], indexAt[p]));
            }
        }
    }

    /** First position whose shifted left edge is at or beyond {@code x} (none: n). */
    private int lowerBound(double x, int n) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (searchX1[mid] < x) {
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
