package io.vidprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.vidprop.image.RgbImage;
import io.vidprop.model.ImagePreprocessor;
import io.vidprop.model.ModelConfig;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingBatchTest {
    /** A 128 x 96 image (the small configuration's input size, so boxes stay in its pixels) with one 80 x 80 object. */
    private static final float[] OBJECT = {16, 8, 96, 88};

    private static long[] hardNegativeCandidates(ModelConfig config, HardNegativePool pool) {
        return hardNegativeCandidates(config, pool, false);
    }

    private static long[] hardNegativeCandidates(ModelConfig config, HardNegativePool pool, boolean painted) {
        RgbImage image = new RgbImage(128, 96, new byte[3 * 128 * 96]);
        int[] strides = config.levels.stream().mapToInt(l -> l.stride).toArray();
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingBatch batch = TrainingBatch.of(List.of(new LabeledImage(image, OBJECT, painted)),
                    new ImagePreprocessor(config.input), config.anchorGenerator(), AnchorLabeler.rpnDefault(),
                    config.boxCoder(), strides, new Random(1), pool, m);
            if (pool == null) {
                assertEquals(4, batch.labels().size(), "no fifth array without hard negatives");
                return null;
            }
            return batch.labels().get(4).toLongArray();
        }
    }

    @Test
    void theFifthArrayHoldsExactlyTheNegativeAnchorsOfThePool() {
        ModelConfig config = RpnTrainerTest.smallConfig();
        float[] grid = TrainingBatch.allLevelAnchors(config.anchorGenerator(), new int[] {16}, 96, 128);
        byte[] label = AnchorLabeler.rpnDefault().label(grid, OBJECT).label();
        int negatives = 0;
        int parts = 0;
        for (int a = 0; a < label.length; a++) {
            if (label[a] == AnchorLabeler.NEGATIVE) {
                negatives++;
                if (HardNegativePool.PARTS.admits(grid, a, OBJECT)) {
                    parts++;
                }
            }
        }
        assertTrue(parts > 0 && parts < negatives, parts + " parts of " + negatives + " negatives");

        long[] all = hardNegativeCandidates(config, HardNegativePool.ALL);
        assertEquals(negatives, all.length);
        long[] inside = hardNegativeCandidates(config, HardNegativePool.PARTS);
        assertEquals(parts, inside.length);
        for (long a : inside) {
            assertEquals(AnchorLabeler.NEGATIVE, label[(int) a]);
            assertTrue(HardNegativePool.PARTS.admits(grid, (int) a, OBJECT), "anchor " + a + " is not a part");
        }
        assertEquals(0, hardNegativeCandidates(config, HardNegativePool.PAINTED, false).length,
                "no anchor of an image over a photograph");
        assertEquals(negatives, hardNegativeCandidates(config, HardNegativePool.PAINTED, true).length);
        hardNegativeCandidates(config, null);
    }
}
