package io.vidprop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vidprop.rpn.Proposals;
import io.vidprop.vpt.VptFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A torchvision backbone + FPN + RPNHead exported as TorchScript gives torchvision's RegionProposalNetwork output. */
class TorchScriptModelTest {
    static Path fixtureDir() throws Exception {
        return Path.of(TorchScriptModelTest.class.getResource("/fixtures/torchscript_fpn/model.json").toURI())
                .getParent();
    }

    @Test
    void proposalsEqualTorchvision() throws Exception {
        Path dir = fixtureDir();
        VptFile expected = VptFile.read(dir.resolve("expected.vpt.gz"));
        try (ProposalModel model = ProposalModel.load(dir.resolve("model.pt"), Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            assertEquals("torchvision-fpn-random", model.modelId());
            for (int c = 0; c < 2; c++) {
                int[] shape = expected.shape("images_" + c);
                float[] images = expected.floats("images_" + c);
                for (int i = 0; i < images.length; i++) {
                    images[i] /= 32f;
                }
                int n = shape[0];
                int h = shape[2];
                int w = shape[3];
                NDList outputs = model.forward(manager, images, new Shape(n, 3, h, w));
                int[] hs = new int[n];
                int[] ws = new int[n];
                java.util.Arrays.fill(hs, h);
                java.util.Arrays.fill(ws, w);
                ImageBatch batch = new ImageBatch(images, n, h, w, hs, ws, hs, ws);
                List<Proposals> proposals = model.proposeFromOutputs(outputs, batch);
                for (int i = 0; i < n; i++) {
                    assertEqual("case " + c + " image " + i,
                            new Proposals(expected.floats("boxes_" + c + "_" + i), expected.floats("scores_" + c + "_" + i)),
                            proposals.get(i));
                }
            }
        }
    }

    @Test
    void missingTruncatedAndMismatchedFilesNameTheFileAndTheProblem(@TempDir Path tmp) throws Exception {
        Path dir = fixtureDir();
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ProposalModel.load(tmp.resolve("nowhere"), Device.cpu()));
        assertEquals(tmp.resolve("nowhere") + ": no such model directory or file", e.getMessage());

        Files.copy(dir.resolve("model.json"), tmp.resolve("model.json"));
        e = assertThrows(ModelLoadException.class, () -> ProposalModel.load(tmp, Device.cpu()));
        assertEquals(tmp.resolve("model.pt").toAbsolutePath() + ": model file not found (named by "
                + tmp.resolve("model.json") + ")", e.getMessage());

        byte[] pt = Files.readAllBytes(dir.resolve("model.pt"));
        Files.write(tmp.resolve("model.pt"), java.util.Arrays.copyOf(pt, pt.length / 2));
        e = assertThrows(ModelLoadException.class, () -> ProposalModel.load(tmp, Device.cpu()));
        assertTrue(e.getMessage().startsWith(tmp.resolve("model.pt").toAbsolutePath()
                + ": cannot load the TorchScript module"), e.getMessage());

        String json = Files.readString(dir.resolve("model.json")).replace("\"stride\": 4", "\"stride\": 0");
        Files.writeString(tmp.resolve("model.json"), json);
        e = assertThrows(ModelLoadException.class, () -> ProposalModel.load(tmp, Device.cpu()));
        assertEquals(tmp.resolve("model.json") + ": levels[0].stride must be positive", e.getMessage());
    }

    static void assertEqual(String what, Proposals expected, Proposals actual) {
        assertEquals(expected.size(), actual.size(), what + ": proposal count");
        for (int i = 0; i < expected.size(); i++) {
            for (int k = 0; k < 4; k++) {
                float e = expected.boxes()[4 * i + k];
                float a = actual.boxes()[4 * i + k];
                if (!(Math.abs(e - a) <= 1e-2f)) {
                    fail(what + ": proposal " + i + " coordinate " + k + " expected " + e + " but was " + a);
                }
            }
            if (!(Math.abs(expected.score(i) - actual.score(i)) <= 1e-4f)) {
                fail(what + ": proposal " + i + " score expected " + expected.score(i) + " but was " + actual.score(i));
            }
        }
    }
}
