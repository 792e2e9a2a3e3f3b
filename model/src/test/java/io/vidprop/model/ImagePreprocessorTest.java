package io.vidprop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vidprop.image.RgbImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {
    @Test
    void aFrameAlreadyAtTheModelsSizeIsNormalisedAndPaddedNotResampled() {
        ModelConfig.Input input = ModelConfig.builtinDefault().input;
        byte[] px = new byte[320 * 180 * 3];
        new Random(3).nextBytes(px);
        ImageBatch batch = new ImagePreprocessor(input).prepare(List.of(new RgbImage(320, 180, px)));
        int th = 192;
        int tw = 320;
        assertEquals(th, batch.tensorHeight());
        assertEquals(tw, batch.tensorWidth());
        float[] data = batch.data();
        for (int y = 0; y < th; y++) {
            for (int x = 0; x < tw; x++) {
                for (int c = 0; c < 3; c++) {
                    float expected = y < 180
                            ? (px[(y * 320 + x) * 3 + c] & 0xff) * (1f / (255f * input.std[c])) - input.mean[c] / input.std[c]
                            : 0f;
                    assertEquals(expected, data[c * th * tw + y * tw + x], 1e-6f, "pixel " + x + "," + y + " channel " + c);
                }
            }
        }
    }
}
