package io.vidprop.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.vidprop.image.RgbImage;
import io.vidprop.rpn.Proposals;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RpnNetworkTest {
    private static ModelConfig twoLevels(int topDownChannels) {
        ModelConfig c = new ModelConfig();
        c.modelId = "two-levels";
        c.network.backboneChannels = new int[] {4, 8, 8, 12};
        c.network.headChannels = 8;
        c.network.topDownChannels = topDownChannels;
        c.levels = List.of(new ModelConfig.Level(8, new float[] {16}, new float[] {0.5f, 1f, 2f}),
                new ModelConfig.Level(16, new float[] {32, 64}, new float[] {0.5f, 1f, 2f}));
        c.input.minSize = 64;
        c.input.maxSize = 96;
        c.proposals.postNmsTopN = 40;
        return c.validate("test");
    }

    @Test
    void upsamplingRepeatsEachCellTwiceAlongHeightAndWidth() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 1, 2, 3));
            NDArray up = RpnNetwork.upsample2x(x);
            assertEquals(new Shape(1, 1, 4, 6), up.getShape());
            assertArrayEquals(new float[] {
                1, 1, 2, 2, 3, 3,
                1, 1, 2, 2, 3, 3,
                4, 4, 5, 5, 6, 6,
                4, 4, 5, 5, 6, 6}, up.toFloatArray());
        }
    }

    @Test
    void thePyramidCarriesTheCoarseLevelIntoTheFineLevelsOutputs() {
        assertTrue(fineObjectnessChangesWithTheLastStage(16), "with a pyramid, stride 8 sees stage 3");
        assertFalse(fineObjectnessChangesWithTheLastStage(0), "without one, stride 8 reads stage 2 only");
    }

    /** Perturbs the last backbone stage's weights and reports whether the stride-8 objectness changed. */
    private static boolean fineObjectnessChangesWithTheLastStage(int topDownChannels) {
        try (ProposalModel model = ProposalModel.initialise(twoLevels(topDownChannels), Device.cpu());
                NDManager manager = NDManager.newBaseManager()) {
            float[] pixels = new float[3 * 64 * 96];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) Math.sin(i * 0.37);
            }
            Shape shape = new Shape(1, 3, 64, 96);
            NDList out = model.forward(manager, pixels, shape);
            assertEquals(new Shape(1, 3, 8, 12), out.get(0).getShape());
            assertEquals(new Shape(1, 6, 4, 6), out.get(1).getShape());
            assertEquals(new Shape(1, 12, 8, 12), out.get(2).getShape());
            assertEquals(new Shape(1, 24, 4, 6), out.get(3).getShape());
            float[] before = out.get(0).toFloatArray();
            for (var p : model.djlModel().getBlock().getParameters()) {
                if (p.getKey().contains("stage3_") && p.getValue().getType() == Parameter.Type.WEIGHT) {
                    NDArray w = p.getValue().getArray();
                    w.muli(3f);
                }
            }
            float[] after = model.forward(manager, pixels, shape).get(0).toFloatArray();
            return !java.util.Arrays.equals(before, after);
        }
    }

    @Test
    void pyramidWeightsReloadAndRefuseAConfigWithoutThePyramid(@TempDir Path tmp) throws Exception {
        RgbImage image = ProposalModelTest.noise(120, 80, 5);
        Path dir = tmp.resolve("m");
        List<Proposals> before;
        try (ProposalModel model = ProposalModel.initialise(twoLevels(16), Device.cpu())) {
            before = model.propose(List.of(image));
            ProposalModelTest.save(model, dir);
        }
        try (ProposalModel loaded = ProposalModel.load(dir, Device.cpu())) {
            Proposals after = loaded.propose(List.of(image)).get(0);
            assertArrayEquals(before.get(0).boxes(), after.boxes());
            assertArrayEquals(before.get(0).scores(), after.scores());
            assertEquals(40, after.size());
        }
        twoLevels(0).write(dir.resolve("model.json"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ProposalModel.load(dir, Device.cpu()));
        assertTrue(e.getMessage().startsWith(dir.resolve("model.params").toAbsolutePath().toString()),
                e.getMessage());
    }

    @Test
    void aNegativePyramidWidthIsRejectedByName() {
        ModelConfig c = twoLevels(0);
        c.network.topDownChannels = -1;
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> c.validate("m.json"));
        assertTrue(e.getMessage().contains("network.topDownChannels must be 0 (no pyramid) or positive, got -1"),
                e.getMessage());
    }
}
