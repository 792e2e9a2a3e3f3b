package io.vidprop.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vidprop.image.RgbImage;
import io.vidprop.rpn.Proposals;
import io.vidprop.vpt.VptFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TorchScript fixture's network (torchvision backbone + FPN + RPNHead) exported as ONNX by the export tool and run
 * on OnnxRuntime gives torchvision's RegionProposalNetwork output, within TorchScriptModelTest's tolerances.
 */
class OnnxModelTest {
    static Path fixtureDir() throws Exception {
        return Path.of(OnnxModelTest.class.getResource("/fixtures/onnx_fpn/model.json").toURI()).getParent();
    }

    @Test
    void proposalsEqualTorchvision() throws Exception {
        VptFile expected = VptFile.read(TorchScriptModelTest.fixtureDir().resolve("expected.vpt.gz"));
        try (ProposalModel model = ProposalModel.load(fixtureDir(), Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            assertEquals("torchvision-fpn-random-onnx", model.modelId());
            assertEquals("OnnxRuntime", model.djlModel().getNDManager().getEngine().getEngineName());
            int compared = 0;
            for (int c = 0; c < 2; c++) {
                int[] shape = expected.shape("images_" + c);
                float[] images = expected.floats("images_" + c);
                for (int i = 0; i < images.length; i++) {
                    images[i] /= 32f;
                }
                int n = shape[0];
                int h = shape[2];
                int w = shape[3];
                try (NDManager onnx = model.djlModel().getNDManager().newSubManager()) {
                    NDList outputs = model.forward(onnx, images, new Shape(n, 3, h, w));
                    int[] hs = new int[n];
                    int[] ws = new int[n];
                    Arrays.fill(hs, h);
                    Arrays.fill(ws, w);
                    List<Proposals> proposals = model.proposeFromOutputs(outputs,
                            new ImageBatch(images, n, h, w, hs, ws, hs, ws));
                    for (int i = 0; i < n; i++) {
                        Proposals want = new Proposals(expected.floats("boxes_" + c + "_" + i),
                                expected.floats("scores_" + c + "_" + i));
                        TorchScriptModelTest.assertEqual("case " + c + " image " + i, want, proposals.get(i));
                        compared += want.size();
                    }
                }
            }
            assertEquals(300, compared, "proposals compared over the 3 images (100 each)");
        }
    }

    @Test
    void proposeOnImagesEqualsThePreparedTensorPath() throws Exception {
        try (ProposalModel onnx = ProposalModel.load(fixtureDir().resolve("model.onnx"), Device.cpu())) {
            List<RgbImage> images = List.of(pattern(301, 217), pattern(190, 333));
            List<Proposals> viaPredictor = onnx.propose(images);
            ImageBatch batch = new ImagePreprocessor(onnx.config().input).prepare(images);
            try (NDManager manager = onnx.djlModel().getNDManager().newSubManager()) {
                NDList outputs = onnx.forward(manager, batch.data(),
                        new Shape(batch.count(), 3, batch.tensorHeight(), batch.tensorWidth()));
                List<Proposals> direct = onnx.proposeFromOutputs(outputs, batch);
                for (int i = 0; i < images.size(); i++) {
                    assertEquals(100, direct.get(i).size());
                    assertArrayEquals(direct.get(i).boxes(), viaPredictor.get(i).boxes());
                    assertArrayEquals(direct.get(i).scores(), viaPredictor.get(i).scores());
                }
            }
        }
    }

    /** Diagonal stripes and a bright block: edges the random network responds to. */
    static RgbImage pattern(int width, int height) {
        byte[] px = new byte[3 * width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = 3 * (y * width + x);
                boolean block = x > width / 3 && x < width / 2 && y > height / 4 && y < height / 2;
                px[i] = (byte) (block ? 250 : (x + y) % 37 * 6);
                px[i + 1] = (byte) (block ? 240 : x * 255 / width);
                px[i + 2] = (byte) (block ? 10 : y * 255 / height);
            }
        }
        return new RgbImage(width, height, px);
    }

    @Test
    void wrongOutputsNameTheFileAndTheMismatch(@TempDir Path tmp) throws Exception {
        Path dir = fixtureDir();
        Files.copy(dir.resolve("model.onnx"), tmp.resolve("model.onnx"));
        String json = Files.readString(dir.resolve("model.json"));

        Files.writeString(tmp.resolve("model.json"), json.replaceFirst(
                "\\{\\s*\"stride\": 32,[^}]*\\},?", "").replace("\"stride\": 16,", "\"stride\": 16,"));
        String threeLevels = Files.readString(tmp.resolve("model.json")).replaceAll(",\\s*]", "]");
        Files.writeString(tmp.resolve("model.json"), threeLevels);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ProposalModel.load(tmp, Device.cpu()));
        assertEquals(tmp.resolve("model.onnx").toAbsolutePath() + ": the network returns 8 tensors but "
                + tmp.resolve("model.json") + " describes 3 levels, so it must return 3 objectness tensors then 3 "
                + "delta tensors", e.getMessage());

        Files.writeString(tmp.resolve("model.json"), json.replaceFirst("\"sizes\": \\[\\s*16\\s*]",
                "\"sizes\": [16, 24]"));
        e = assertThrows(ModelLoadException.class, () -> ProposalModel.load(tmp, Device.cpu()));
        assertEquals(tmp.resolve("model.onnx").toAbsolutePath() + ": output 0 (objectness of level 0) has shape "
                + "(1, 3, 16, 16) for a (1, 3, 64, 64) image, expected [1, 6, H, W]: " + tmp.resolve("model.json")
                + " gives level 0 2 sizes x 3 aspect ratios = 6 anchors per location", e.getMessage());

        Files.writeString(tmp.resolve("model.json"), json);
        byte[] bytes = Files.readAllBytes(dir.resolve("model.onnx"));
        Files.write(tmp.resolve("model.onnx"), Arrays.copyOf(bytes, bytes.length / 2));
        e = assertThrows(ModelLoadException.class, () -> ProposalModel.load(tmp, Device.cpu()));
        assertTrue(e.getMessage().startsWith(tmp.resolve("model.onnx").toAbsolutePath()
                + ": cannot load the ONNX model: "), e.getMessage());

        Files.delete(tmp.resolve("model.onnx"));
        e = assertThrows(ModelLoadException.class, () -> ProposalModel.load(tmp, Device.cpu()));
        assertEquals(tmp.resolve("model.onnx").toAbsolutePath() + ": model file not found (named by "
                + tmp.resolve("model.json") + ")", e.getMessage());
    }
}
