package io.vidprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.image.RgbImage;
import io.vidprop.model.ModelConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RpnTrainerTest {

    static ModelConfig smallConfig() {
        ModelConfig c = new ModelConfig();
        c.modelId = "test-small";
        c.network.backboneChannels = new int[] {8, 16, 16, 24};
        c.network.headChannels = 24;
        c.levels = List.of(new ModelConfig.Level(16, new float[] {16, 32, 64}, new float[] {0.5f, 1f, 2f}));
        c.input.minSize = 96;
        c.input.maxSize = 128;
        return c.validate("test");
    }

    /** Bright rectangles on a dark noisy background: one fixed batch. */
    static LabeledImage rectangles(int seed) {
        Random r = new Random(seed);
        int w = 128;
        int h = 96;
        byte[] px = new byte[3 * w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) r.nextInt(40);
        }
        int n = 1 + r.nextInt(3);
        float[] boxes = new float[4 * n];
        for (int k = 0; k < n; k++) {
            int bw = 16 + r.nextInt(48);
            int bh = 16 + r.nextInt(48);
            int x0 = r.nextInt(w - bw);
            int y0 = r.nextInt(h - bh);
            for (int y = y0; y < y0 + bh; y++) {
                for (int x = x0; x < x0 + bw; x++) {
                    int p = 3 * (y * w + x);
                    px[p] = (byte) 220;
                    px[p + 1] = (byte) (100 + 40 * k);
                    px[p + 2] = (byte) 60;
                }
            }
            boxes[4 * k] = x0;
            boxes[4 * k + 1] = y0;
            boxes[4 * k + 2] = x0 + bw;
            boxes[4 * k + 3] = y0 + bh;
        }
        return new LabeledImage(new RgbImage(w, h, px), boxes);
    }

    private static RpnTrainer trainer(Path out, int steps, ByteArrayOutputStream log) {
        return RpnTrainer.builder()
                .config(smallConfig())
                .data(i -> rectangles(i % 4))
                .outputDir(out)
                .steps(steps)
                .batchSize(4)
                .learningRate(5e-3f)
                .warmupSteps(5)
                .checkpointEvery(20)
                .seed(3)
                .progress(new PrintStream(log, true))
                .build();
    }

    @Test
    void aFewStepsOnAFixedBatchLowerTheLossAndResumeContinues(@TempDir Path out) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        RpnTrainer.Result first = trainer(out, 40, log).train();
        float[] losses = first.losses();
        assertEquals(40, losses.length);
        float start = (losses[0] + losses[1] + losses[2]) / 3;
        float end = (losses[37] + losses[38] + losses[39]) / 3;
        assertTrue(end < 0.6f * start, "loss went from " + start + " to " + end);
        assertTrue(Files.size(out.resolve("loss.png")) > 1000);
        assertTrue(log.toString().contains("train [="), log.toString());

        RpnTrainer.Result resumed = trainer(out, 50, log).train();
        assertEquals(50, resumed.steps());
        assertEquals(50, resumed.losses().length);
        assertTrue(log.toString().contains("resuming " + out + " from step 40 of 50"), log.toString());
    }
}
