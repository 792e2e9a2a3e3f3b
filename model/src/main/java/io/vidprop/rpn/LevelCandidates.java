package io.vidprop.rpn;

/**
 * One image's pre-NMS candidates at one level, already selected by objectness (for example by a top-k on the
 * device that ran the network): for candidate i, {@code anchorIndex[i]} in torchvision's anchor order (location-major,
 * then anchor), its objectness logit, and its deltas at {@code deltas[4i..4i+3]}. Candidates come in descending
 * objectness.
 */
public record LevelCandidates(int count, int[] anchorIndex, float[] logits, float[] deltas) {
    public LevelCandidates {
        if (count < 0 || anchorIndex.length < count || logits.length < count || deltas.length < 4L * count) {
            throw new IllegalArgumentException("arrays too short for " + count + " candidates");
        }
    }
}
