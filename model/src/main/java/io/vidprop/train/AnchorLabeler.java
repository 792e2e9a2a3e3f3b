package io.vidprop.train;

import io.vidprop.rpn.BoxIou;
import java.util.Random;

/**
 * Assigns training labels to anchors as torchvision's RPN does (its Matcher with low-quality matches allowed):
 * an anchor whose best IoU with a ground-truth box is at least {@code positiveIou} is positive, below
 * {@code negativeIou} negative, in between ignored; and for each ground-truth box, the anchors with its highest IoU
 * are positive too, so every box gets at least one anchor. Anchors crossing the image border are kept, as in
 * torchvision. Then {@link #sample} draws a fixed-size, at most half positive, subset for the loss.
 */
public final class AnchorLabeler {
    public static final byte POSITIVE = 1;
    public static final byte NEGATIVE = 0;
    public static final byte IGNORED = -1;

    private final float positiveIou;
    private final float negativeIou;

    public AnchorLabeler(double positiveIou, double negativeIou) {
        if (!(negativeIou > 0 && negativeIou <= positiveIou && positiveIou <= 1)) {
            throw new IllegalArgumentException("need 0 < negativeIou <= positiveIou <= 1, got " + negativeIou + ", "
                    + positiveIou);
        }
        this.positiveIou = (float) positiveIou;
        this.negativeIou = (float) negativeIou;
    }

    /** torchvision's defaults: IoU >= 0.7 positive, < 0.3 negative. */
    public static AnchorLabeler rpnDefault() {
        return new AnchorLabeler(0.7, 0.3);
    }

    /** Labels of all anchors and, for positives, the index of the matched ground-truth box. */
    public record Labels(byte[] label, int[] matchedBox) {}

    public Labels label(float[] anchors, float[] gtBoxes) {
        int n = anchors.length / 4;
        int g = gtBoxes.length / 4;
        byte[] label = new byte[n];
        int[] matched = new int[n];
        if (g == 0) {
            return new Labels(label, matched); // all negative
        }
        float[] bestForBox = new float[g];
        float[] bestForAnchor = new float[n];
        for (int i = 0; i < n; i++) {
            float best = -1f;
            int bestBox = 0;
            for (int j = 0; j < g; j++) {
                float iou = BoxIou.iou(anchors, 4 * i, gtBoxes, 4 * j);
                if (iou > best) {
                    best = iou;
                    bestBox = j;
                }
                bestForBox[j] = Math.max(bestForBox[j], iou);
            }
            bestForAnchor[i] = best;
            matched[i] = bestBox;
            label[i] = best >= positiveIou ? POSITIVE : best < negativeIou ? NEGATIVE : IGNORED;
        }
        // Low-quality matches: every anchor that ties for a box's best IoU becomes positive (for its own best box).
        for (int i = 0; i < n; i++) {
            if (label[i] == POSITIVE) {
                continue;
            }
            for (int j = 0; j < g; j++) {
                // A box no anchor overlaps would otherwise make every IoU-0 anchor positive.
                if (bestForBox[j] > 0 && BoxIou.iou(anchors, 4 * i, gtBoxes, 4 * j) == bestForBox[j]) {
                    label[i] = POSITIVE;
                    break;
                }
            }
        }
        return new Labels(label, matched);
    }

    /** Sampled anchors: positive indices then negative indices. */
    public record Sample(int[] positives, int[] negatives) {}

    /**
     * torchvision's BalancedPositiveNegativeSampler: up to {@code batchSize * positiveFraction} positives drawn at
     * random, negatives filling the rest of {@code batchSize}.
     */
    public static Sample sample(byte[] label, int batchSize, double positiveFraction, Random random) {
        int pos = 0;
        int neg = 0;
        for (byte l : label) {
            if (l == POSITIVE) {
                pos++;
            } else if (l == NEGATIVE) {
                neg++;
            }
        }
        int[] positives = new int[pos];
        int[] negatives = new int[neg];
        pos = 0;
        neg = 0;
        for (int i = 0; i < label.length; i++) {
            if (label[i] == POSITIVE) {
                positives[pos++] = i;
            } else if (label[i] == NEGATIVE) {
                negatives[neg++] = i;
            }
        }
        int numPos = Math.min(pos, (int) (batchSize * positiveFraction));
        int numNeg = Math.min(neg, batchSize - numPos);
        return new Sample(pick(positives, numPos, random), pick(negatives, numNeg, random));
    }

    private static int[] pick(int[] from, int count, Random random) {
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(from.length - i);
            int t = from[i];
            from[i] = from[j];
            from[j] = t;
        }
        return java.util.Arrays.copyOf(from, count);
    }
}
