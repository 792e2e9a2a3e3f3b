package io.vidprop.operators;

import io.vidprop.decode.FrameDecoder;
import io.vidprop.decode.JpegEncoder;
import io.vidprop.image.RgbImage;
import io.vidprop.model.ProposalModel;
import java.util.List;

/**
 * Measures, when the operator opens, what one frame costs to decode and to run through the model on one thread, for
 * {@link InferencePlan}: a synthetic 1280x720 JPEG (quality 90) through the operator's decoder (best of 3), and an image
 * of the model's input size through the model (the second of 2 runs; the first loads kernels). Takes one network run
 * more than loading the model already does.
 */
final class InferenceCosts {
    static final int WIDTH = 1280;
    static final int HEIGHT = 720;

    private InferenceCosts() {}

    /** Milliseconds to decode one 1280x720 frame with {@code decoder}. */
    static double decodeMillis(FrameDecoder decoder) {
        byte[] jpeg = new JpegEncoder(90).encode(scene(WIDTH, HEIGHT));
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            decoder.decode(jpeg);
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best / 1e6;
    }

    /** Milliseconds for one image of the model's input size through the model, with its current threads. */
    static double networkMillis(ProposalModel model) {
        List<RgbImage> images = List.of(inputSizeScene(model));
        model.propose(images);
        long t0 = System.nanoTime();
        model.propose(images);
        return (System.nanoTime() - t0) / 1e6;
    }

    /** The fastest of {@code runs} runs of one image of the model's input size, with its current threads. */
    static double bestNetworkMillis(ProposalModel model, int runs) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < runs; i++) {
            best = Math.min(best, networkMillis(model));
        }
        return best;
    }

    /**
     * Milliseconds a frame for a batch of {@code batch} images of the model's input size, with its current threads:
     * the better of two runs after one untimed run (the first of a new batch shape sets up the engine's buffers).
     */
    static double networkMillisPerFrame(ProposalModel model, int batch) {
        List<RgbImage> images = java.util.Collections.nCopies(batch, inputSizeScene(model));
        model.propose(images);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 2; i++) {
            long t0 = System.nanoTime();
            model.propose(images);
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best / 1e6 / batch;
    }

    /** A 16:9 scene of the model's input size (its shorter side, the longer one capped). */
    private static RgbImage inputSizeScene(ProposalModel model) {
        int h = model.config().input.minSize;
        return scene(Math.min(model.config().input.maxSize, h * 16 / 9), h);
    }

    /** Smooth shading with edges, about as hard to encode and decode as a camera frame. */
    static RgbImage scene(int width, int height) {
        byte[] px = new byte[3 * width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = 3 * (y * width + x);
                int block = ((x / 97) + (y / 61)) % 3;
                px[i] = (byte) (block * 80 + x * 40 / width);
                px[i + 1] = (byte) (120 + (int) (60 * Math.sin(x / 23.0) * Math.cos(y / 17.0)));
                px[i + 2] = (byte) ((x ^ y) & 0x3f);
            }
        }
        return new RgbImage(width, height, px);
    }
}
