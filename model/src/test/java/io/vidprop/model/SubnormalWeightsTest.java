package io.vidprop.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.vidprop.image.RgbImage;
import io.vidprop.rpn.Proposals;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubnormalWeightsTest {
    private static final float SUBNORMAL = 3e-39f;

    @Test
    void subnormalWeightsLoadAsZerosAndGiveTheProposalsOfZeroWeights(@TempDir Path tmp) throws Exception {
        RgbImage image = ProposalModelTest.noise(120, 80, 7);
        try (ProposalModel model = ProposalModel.initialise(ProposalModelTest.tinyConfig(), Device.cpu())) {
            // Every third weight of every weight tensor zero: the reference proposals...
            setEveryThird(model, 0f);
            List<Proposals> zeros = model.propose(List.of(image));
            // ...and the same weights subnormal instead, as training leaves them, written to disk.
            setEveryThird(model, SUBNORMAL);
            assertTrue(count(model, SUBNORMAL) > 100, "subnormal weights planted");
            ProposalModelTest.save(model, tmp);
            try (ProposalModel loaded = ProposalModel.load(tmp, Device.cpu())) {
                assertEquals(0, count(loaded, SUBNORMAL), "no subnormal weight left after loading");
                List<Proposals> after = loaded.propose(List.of(image));
                assertArrayEquals(zeros.get(0).boxes(), after.get(0).boxes());
                assertArrayEquals(zeros.get(0).scores(), after.get(0).scores());
            }
        }
    }

    @Test
    void flushingCountsAndZeroesOnlySubnormals() {
        try (ProposalModel model = ProposalModel.initialise(ProposalModelTest.tinyConfig(), Device.cpu())) {
            NDArray first = model.djlModel().getBlock().getParameters().get(0).getValue().getArray();
            float[] v = first.toFloatArray();
            v[0] = SUBNORMAL;
            v[1] = -SUBNORMAL;
            v[2] = Float.MIN_NORMAL;
            v[3] = -Float.MIN_VALUE;
            first.set(v);
            assertEquals(3, SubnormalWeights.flushToZero(model.djlModel().getBlock()));
            float[] after = first.toFloatArray();
            assertEquals(0f, after[0]);
            assertEquals(0f, Math.abs(after[1]));
            assertEquals(Float.MIN_NORMAL, after[2], "the smallest normal value stays");
            assertEquals(0f, Math.abs(after[3]));
            for (int i = 4; i < v.length; i++) {
                assertEquals(v[i], after[i], "weight " + i);
            }
            assertEquals(0, SubnormalWeights.flushToZero(model.djlModel().getBlock()));
        }
    }

    private static void setEveryThird(ProposalModel model, float value) {
        for (Pair<String, Parameter> p : model.djlModel().getBlock().getParameters()) {
            NDArray a = p.getValue().getArray();
            if (a.getShape().dimension() < 2) {
                continue; // biases and batch-norm statistics keep their values
            }
            float[] v = a.toFloatArray();
            for (int i = 0; i < v.length; i += 3) {
                v[i] = value;
            }
            a.set(v);
        }
    }

    private static long count(ProposalModel model, float value) {
        long n = 0;
        for (Pair<String, Parameter> p : model.djlModel().getBlock().getParameters()) {
            for (float x : p.getValue().getArray().toFloatArray()) {
                if (x == value) {
                    n++;
                }
            }
        }
        return n;
    }
}
