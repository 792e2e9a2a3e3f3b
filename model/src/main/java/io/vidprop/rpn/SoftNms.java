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
    private int[] alive = new int[0];

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
        if (current.length < n) {
            current = new float[n];
            area = new float[n];
            alive = new int[n];
        }
        for (int i = 0; i < n; i++) {
            current[i] = scores[i];
            int b = 4 * i;
            area[i] = (boxes[b + 2] - boxes[b]) * (boxes[b + 3] - boxes[b + 1]);
            alive[i] = i;
        }
        int remaining = n;
        int kept = 0;
        while (kept < maxKeep && remaining > 0) {
            int bestPos = 0;
            for (int p = 1; p < remaining; p++) {
                int i = alive[p];
                int best = alive[bestPos];
                if (current[i] > current[best] || (current[i] == current[best] && i < best)) {
                    bestPos = p;
                }
            }
            int pick = alive[bestPos];
            alive[bestPos] = alive[--remaining];
            keep[kept] = pick;
            keptScores[kept] = current[pick];
            kept++;
            decayOverlaps(boxes, groups, pick, remaining, iouThreshold);
        }
        return kept;
    }

    private void decayOverlaps(float[] boxes, int[] groups, int pick, int remaining, double iouThreshold) {
        int b = 4 * pick;
        float x1 = boxes[b];
        float y1 = boxes[b + 1];
        float x2 = boxes[b + 2];
        float y2 = boxes[b + 3];
        float a = area[pick];
        int g = groups[pick];
        for (int p = 0; p < remaining; p++) {
            int j = alive[p];
            if (groups[j] != g) {
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
            }
        }
    }
}
