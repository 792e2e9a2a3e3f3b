package io.vidprop.footage;

import io.vidprop.image.RgbImage;
import io.vidprop.train.LabeledImage;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Training examples drawn from labelled footage and synthetic scenes: in each batch the first {@code realPerBatch}
 * images are footage frames (drawn at random, mirrored left to right half the time), the rest synthetic, so that
 * fine-tuning on one camera does not make the network forget everything else. Deterministic for a seed.
 */
public final class FootageMix implements IntFunction<LabeledImage> {
    private final List<LabeledImage> footage;
    private final IntFunction<LabeledImage> synthetic;
    private final int batchSize;
    private final int realPerBatch;
    private final long seed;

    public FootageMix(List<LabeledImage> footage, IntFunction<LabeledImage> synthetic, int batchSize,
            int realPerBatch, long seed) {
        if (footage.isEmpty() && realPerBatch > 0) {
            throw new IllegalArgumentException("no footage frames to train on");
        }
        if (batchSize <= 0 || realPerBatch < 0 || realPerBatch > batchSize) {
            throw new IllegalArgumentException("footage images per batch must be 0 to the batch size (" + batchSize
                    + "), got " + realPerBatch);
        }
        this.footage = List.copyOf(footage);
        this.synthetic = synthetic;
        this.batchSize = batchSize;
        this.realPerBatch = realPerBatch;
        this.seed = seed;
    }

    /** The footage images per batch for a fraction of the batch (at least one when the fraction is positive). */
    public static int realPerBatch(double fraction, int batchSize) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("the footage fraction must be between 0 and 1, got " + fraction);
        }
        return fraction == 0 ? 0 : Math.max(1, (int) Math.round(fraction * batchSize));
    }

    @Override
    public LabeledImage apply(int i) {
        if (i % batchSize >= realPerBatch) {
            return synthetic.apply(i);
        }
        Random random = new Random(seed * 1_000_033L + i);
        LabeledImage frame = footage.get(random.nextInt(footage.size()));
        return random.nextBoolean() ? mirrored(frame) : frame;
    }

    /** The frame and its boxes mirrored left to right. */
    static LabeledImage mirrored(LabeledImage frame) {
        RgbImage img = frame.image();
        int w = img.width();
        byte[] src = img.pixels();
        byte[] dst = new byte[src.length];
        for (int y = 0; y < img.height(); y++) {
            int row = 3 * w * y;
            for (int x = 0; x < w; x++) {
                int s = row + 3 * x;
                int d = row + 3 * (w - 1 - x);
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
        float[] b = frame.boxes();
        float[] out = new float[b.length];
        for (int k = 0; k < b.length; k += 4) {
            out[k] = w - b[k + 2];
            out[k + 1] = b[k + 1];
            out[k + 2] = w - b[k];
            out[k + 3] = b[k + 3];
        }
        return new LabeledImage(new RgbImage(w, img.height(), dst), out);
    }
}
