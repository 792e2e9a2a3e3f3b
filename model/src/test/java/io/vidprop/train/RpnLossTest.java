package io.vidprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class RpnLossTest {
    /** Two images, one level of 1x3 cells with one anchor each: flat indices 0-2 are image 0, 3-5 image 1. */
    private static final float[] LOGITS = {2.0f, 5.0f, -1.0f, 0.5f, 3.0f, -2.0f};

    private static double softplus(double x) {
        return Math.log1p(Math.exp(x));
    }

    private static float loss(RpnLoss loss, boolean allNegatives) {
        return loss(loss, allNegatives ? new long[] {1, 2, 3, 4, 5} : null);
    }

    /** {@code pool}: the fifth label array's indices, or null for none. */
    private static float loss(RpnLoss loss, long[] pool) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList predictions = new NDList(m.create(LOGITS, new Shape(2, 1, 1, 3)), m.zeros(new Shape(2, 4, 1, 3)));
            // Sampled: anchor 0 (positive) and anchor 3 (negative); no regression targets.
            NDList labels = new NDList(m.create(new long[] {0, 3}), m.create(new float[] {1f, 0f}),
                    m.create(new long[0]), m.create(new float[0], new Shape(0, 4)));
            if (pool != null) {
                labels.add(m.create(pool));
            }
            return loss.evaluate(labels, predictions).getFloat();
        }
    }

    @Test
    void withoutHardNegativesTheLossIsTheMeanCrossEntropyOfTheSampleAsInTorchvision() {
        double expected = (softplus(-2.0) + softplus(0.5)) / 2;
        assertEquals(expected, loss(new RpnLoss(), false), 1e-6);
        assertEquals(expected, loss(new RpnLoss(), true), 1e-6, "the negatives' array is ignored when not asked for");
    }

    @Test
    void theHighestScoringNegativesPerImageJoinTheSample() {
        // One per image, two images: the two highest negative logits, 5.0 and 3.0, whichever image they are in.
        double expected = (softplus(-2.0) + softplus(0.5) + softplus(5.0) + softplus(3.0)) / 4;
        assertEquals(expected, loss(new RpnLoss(1), true), 1e-6);
    }

    @Test
    void askingForMoreHardNegativesThanThereAreTakesThemAll() {
        double expected = (softplus(-2.0) + softplus(0.5) + softplus(5.0) + softplus(-1.0) + softplus(0.5)
                + softplus(3.0) + softplus(-2.0)) / 7;
        assertEquals(expected, loss(new RpnLoss(10), true), 1e-6);
        assertTrue(new RpnLoss(10).needsAllNegatives());
    }

    @Test
    void aNegativeCountIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RpnLoss(-1));
        assertEquals("hard negatives per image must be >= 0, got -1", e.getMessage());
    }

    @Test
    void anEmptyPoolLeavesTorchvisionsLoss() {
        double expected = (softplus(-2.0) + softplus(0.5)) / 2;
        assertEquals(expected, loss(new RpnLoss(4), new long[0]), 1e-6);
    }

    @Test
    void hardNegativesWithoutTheNegativesArrayAreAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loss(new RpnLoss(2), false));
        assertEquals("hard negatives (2 per image) need a fifth label array, the negative anchors' flat indices; "
                + "the batch has 4 arrays", e.getMessage());
    }
}
