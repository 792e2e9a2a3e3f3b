package io.vidprop.operators;

import java.util.Locale;
import java.util.function.IntToDoubleFunction;

/**
 * The batch size a CPU proposal operator runs, chosen by timing the network. A large network (a torchvision backbone,
 * tens to hundreds of milliseconds a frame) can run a frame faster in smaller batches than in large ones, whose
 * activations no longer fit the caches (measured on 2 cores, {@code fasterrcnn_resnet50_fpn} at 512x384: 376, 358, 372
 * and 412 ms a frame in batches of 1, 2, 4 and 8; {@code fasterrcnn_mobilenet_v3_large_fpn}: 31, 24 and 29 ms at 2, 4
 * and 8), so for an ONNX or TorchScript network that costs {@link #SEARCH_FROM_MS} a frame or more every power of two up
 * to {@code --batch-size} is timed and the fastest a frame is run. vidprop's built-in networks are small, gain from the
 * largest batch, and keep {@code --batch-size}; so do {@code --fixed-batch-size}, {@code --pad-batches} (whose point is
 * one batch shape) and GPUs.
 *
 * @param batchSize frames per inference call
 * @param reason one line for the log: what was measured and why this size
 */
public record BatchSizeChoice(int batchSize, String reason) {
    /** A network that costs at least this much a frame (one image, the threads it runs with) is timed at each size. */
    static final double SEARCH_FROM_MS = 20;
    /** A smaller batch must be this much faster a frame to be chosen over a larger one (timing noise). */
    static final double SMALLER_MUST_GAIN = 0.03;

    /** The configured size, with why it is not searched. */
    static BatchSizeChoice configured(int batchSize, String why) {
        return new BatchSizeChoice(batchSize, "batch size " + batchSize + " (" + why + ")");
    }

    /**
     * Times {@code msPerFrame} at 1, 2, 4, ... up to {@code max} (and {@code max} itself) and returns the fastest a
     * frame; a smaller size wins over a larger one only if it is at least {@link #SMALLER_MUST_GAIN} faster.
     */
    static BatchSizeChoice search(int max, IntToDoubleFunction msPerFrame) {
        StringBuilder measured = new StringBuilder();
        int best = 0;
        double bestMs = Double.POSITIVE_INFINITY;
        for (int size = 1; size <= max; size = size == max ? max + 1 : Math.min(2 * size, max)) {
            double ms = msPerFrame.applyAsDouble(size);
            measured.append(measured.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%d: %.1f", size, ms));
            if (best == 0 || ms * (1 - SMALLER_MUST_GAIN) < bestMs) {
                best = size;
                bestMs = ms;
            }
        }
        return new BatchSizeChoice(best, "batch size " + best + " of at most " + max + ", the fastest a frame (ms a "
                + "frame by batch size: " + measured + ")");
    }
}
