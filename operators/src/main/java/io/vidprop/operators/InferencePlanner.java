package io.vidprop.operators;

import io.vidprop.operators.ProposalSettings.InferenceThreading;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;

/**
 * The one place that decides how a proposal operator runs its model: in a thread of its own or in the task thread, how
 * many engine threads it gets, whether decoding and the network are timed first, and the batch size. Manual settings
 * ({@link ProposalSettings#inferenceThread()}, {@link ProposalSettings#cpuThreads()},
 * {@link ProposalSettings#fixedBatchSize()}) always win.
 *
 * <p>Threads: on a GPU, and on a CPU with two or more cores, the model runs in a thread of its own while the task
 * thread decodes. On a CPU the engine's threads are then chosen from what one frame of each costs: a small network
 * (vidprop's built-in one: about 5 ms a frame against 2.5 ms of decoding) gets all cores but one and decoding the one
 * left, so the two overlap; a network that costs many times the decoding (a torchvision backbone: 80 ms and more) gets
 * every core, since a core kept for decoding would sit idle most of the time while the network, which sets the pace,
 * ran on one core fewer.
 *
 * <p>Batch size: see {@link BatchSizeChoice}; a large ONNX or TorchScript network on a CPU is timed at each power of
 * two up to {@link ProposalSettings#batchSize()}.
 */
public final class InferencePlanner {
    /**
     * The network gets every core when decoding a frame costs less than this share of the network's time per core:
     * decoding then needs under half a core's worth of the time the network would gain.
     */
    static final double ALL_CORES_BELOW = 0.5;

    private final ProposalSettings settings;
    private final boolean gpu;
    private final int cores;

    public InferencePlanner(ProposalSettings settings, boolean gpu, int cores) {
        this.settings = settings;
        this.gpu = gpu;
        this.cores = cores;
    }

    /** Whether the network runs in a thread of its own. */
    public boolean separateThread() {
        return switch (settings.inferenceThread()) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> gpu || cores >= 2;
        };
    }

    /** Whether decoding and the network are timed on one thread before the engine's threads are chosen. */
    public boolean measuresCosts() {
        return !gpu && settings.cpuThreads() == 0 && settings.inferenceThread() == InferenceThreading.AUTO
                && separateThread();
    }

    /**
     * The engine threads to load the model with: one when the costs are measured first, else the plan's threads
     * without measuring (0: the engine's default).
     */
    public int loadThreads() {
        return measuresCosts() ? 1 : threads(Double.NaN, Double.NaN).cpuThreads();
    }

    /**
     * The thread plan for the measured milliseconds a frame of decoding and of the network (on one thread); either
     * may be NaN when not measured, which keeps a core for decoding.
     */
    public InferencePlan threads(double decodeMs, double networkMs) {
        boolean separate = separateThread();
        if (gpu) {
            return new InferencePlan(separate, 0, "GPU: the CPU thread count is left alone");
        }
        if (settings.cpuThreads() > 0) {
            return new InferencePlan(separate, settings.cpuThreads(), "CPU threads set to " + settings.cpuThreads());
        }
        if (!separate) {
            return new InferencePlan(false, 0, settings.inferenceThread() == InferenceThreading.AUTO
                    ? "one core: the network runs in the task thread" : "inference thread turned off");
        }
        String costs = String.format(Locale.ROOT, "decoding %.1f ms, network %.1f ms a frame on one thread",
                decodeMs, networkMs);
        if (decodeMs >= 0 && networkMs > 0 && decodeMs * cores < ALL_CORES_BELOW * networkMs) {
            return new InferencePlan(true, cores, costs + ": the network gets all " + cores + " cores");
        }
        int threads = Math.max(1, cores - 1);
        return new InferencePlan(true, threads, (Double.isNaN(decodeMs) || Double.isNaN(networkMs)
                ? "costs not measured" : costs) + ": the network gets " + threads + " of " + cores
                + " cores, decoding the one left");
    }

    /** How the batch size is decided for a network of this type ({@code builtin}, {@code onnx}, {@code torchscript}). */
    public BatchSizing batchSizing(String networkType) {
        if (settings.fixedBatchSize()) {
            return BatchSizing.configured("fixed");
        }
        if (settings.padBatches()) {
            return BatchSizing.configured("padded batches keep one shape");
        }
        if (gpu) {
            return BatchSizing.configured("GPU");
        }
        if (settings.batchSize() == 1) {
            return BatchSizing.configured("the largest allowed");
        }
        if ("builtin".equals(networkType)) {
            return BatchSizing.configured("a built-in network");
        }
        return BatchSizing.SEARCH;
    }

    /**
     * The batch size: the configured one when {@code sizing} says so or the network costs under
     * {@link BatchSizeChoice#SEARCH_FROM_MS} a frame, else the size timed fastest a frame.
     *
     * @param networkMs what one frame costs with the plan's threads (timed only when needed)
     * @param msPerFrame what a frame costs in a batch of the given size
     */
    public BatchSizeChoice batchSize(BatchSizing sizing, java.util.function.DoubleSupplier networkMs,
            IntToDoubleFunction msPerFrame) {
        if (!sizing.search()) {
            return BatchSizeChoice.configured(settings.batchSize(), sizing.why());
        }
        double ms = networkMs.getAsDouble();
        if (ms < BatchSizeChoice.SEARCH_FROM_MS) {
            return BatchSizeChoice.configured(settings.batchSize(),
                    String.format(Locale.ROOT, "a small network: %.1f ms a frame", ms));
        }
        return BatchSizeChoice.search(settings.batchSize(), msPerFrame);
    }

    /** Whether the batch size is timed, or the configured one is kept and why. */
    public record BatchSizing(boolean search, String why) {
        static final BatchSizing SEARCH = new BatchSizing(true, "timed");

        static BatchSizing configured(String why) {
            return new BatchSizing(false, why);
        }
    }
}
