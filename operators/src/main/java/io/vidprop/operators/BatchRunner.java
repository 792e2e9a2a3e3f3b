package io.vidprop.operators;

import io.vidprop.image.RgbImage;
import io.vidprop.rpn.Proposals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs batches through their model, in its {@link InferenceThread} (the models are not thread-safe: all their work,
 * loading and closing included, goes there) or, without one, in the calling thread. Each batch names its model
 * ({@link LoadedModels}: loaded on first use, the least recently used closed beyond the limit); when that model cannot
 * be loaded the batch runs on the job's model and its result says why. A batch that fails is retried frame by frame in
 * the same run, so each frame gets its own {@link FrameOutcome}. With {@code padTo} a batch is filled up with blank
 * frames of its first frame's size to that many images, so the model always sees one batch shape.
 */
final class BatchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ProposalOperator.class);

    private final LoadedModels models;
    private final InferenceThread thread;
    private final int padTo;

    /**
     * @param models the loaded models, touched only through this runner from now on
     * @param thread the models' thread, or null to run in the caller's
     * @param padTo fill batches up to this many images; 0 never pads
     */
    BatchRunner(LoadedModels models, InferenceThread thread, int padTo) {
        this.models = models;
        this.thread = thread;
        this.padTo = padTo;
    }

    /** Whether batches run in the caller's thread, so their result is complete when {@link #run} returns. */
    boolean inline() {
        return thread == null;
    }

    /**
     * Runs the frames through the model {@code model} ({@link LoadedModels#JOB_MODEL}: the job's), loading it first
     * if needed; when it cannot be loaded, through the job's model, the result saying why.
     */
    CompletableFuture<BatchResult> run(String model, List<PendingFrame> frames) {
        List<RgbImage> images = new ArrayList<>(frames.size());
        for (PendingFrame p : frames) {
            images.add(p.decoded().image());
        }
        return supply(() -> {
            LoadedModels.Loaded m;
            String unavailable = null;
            try {
                m = models.get(model);
            } catch (LoadedModels.Unavailable e) {
                if (model == LoadedModels.JOB_MODEL) {
                    throw new IllegalStateException("the job's model cannot be loaded again: " + e.getMessage(), e);
                }
                unavailable = "model " + model + " cannot be used: " + e.getMessage();
                m = jobModel(e);
            }
            return runOrRetry(m, images, unavailable);
        });
    }

    /**
     * Loads the model (again, if it failed before) and checks it, without running frames: what a camera's new
     * settings are checked with before they apply.
     *
     * @return the model's id and input size; completes exceptionally with {@link LoadedModels.Unavailable}
     */
    CompletableFuture<LoadedModels.ModelInfo> load(String model) {
        return supply(() -> {
            models.retry(model);
            try {
                return models.get(model).info();
            } catch (LoadedModels.Unavailable e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    /**
     * Runs the job's model once on a blank image of its input size, so a model that cannot run (a module that does
     * not match its model.json, a missing engine) fails the job at start, naming the model.
     */
    void warmUp() throws ModelFailureException {
        try {
            supply(() -> {
                try {
                    LoadedModels.Loaded m = models.get(LoadedModels.JOB_MODEL);
                    check(m.inference(), m.model().config().input.minSize, m.model().modelId() + " ("
                            + m.model().source() + ")");
                    return null;
                } catch (LoadedModels.Unavailable | ModelFailureException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof ModelFailureException m) {
                throw m;
            }
            throw new ModelFailureException("the job's model cannot run: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * The load-time check of a model, in the calling thread: one run on a blank image of {@code side} pixels square
     * must give one result.
     */
    static void check(BatchInference inference, int side, String modelName) throws ModelFailureException {
        RgbImage blank = new RgbImage(side, side, new byte[3 * side * side]);
        try {
            List<Proposals> out = inference.propose(List.of(blank));
            if (out == null || out.size() != 1) {
                throw new IllegalStateException("it returned " + (out == null ? "null" : out.size() + " results")
                        + " for 1 image");
            }
        } catch (RuntimeException e) {
            throw new ModelFailureException("model " + modelName + " cannot run: warm-up inference on a blank " + side
                    + "x" + side + " image failed: " + e.getMessage(), e);
        }
    }

    /**
     * Stops the inference thread, waiting for a batch still running up to {@code timeout}.
     *
     * @return whether nothing runs any more, so the models may be freed ({@link #closeModels})
     */
    boolean stop(Duration timeout) {
        return thread == null || thread.stop(timeout);
    }

    /** Frees every loaded model; only once {@link #stop} said nothing runs any more. */
    void closeModels() {
        models.close();
    }

    private <T> CompletableFuture<T> supply(Supplier<T> task) {
        if (thread != null) {
            return thread.supply(task);
        }
        try {
            return CompletableFuture.completedFuture(task.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private LoadedModels.Loaded jobModel(LoadedModels.Unavailable cause) {
        try {
            return models.get(LoadedModels.JOB_MODEL);
        } catch (LoadedModels.Unavailable e) {
            e.addSuppressed(cause);
            throw new IllegalStateException("the job's model cannot be loaded again: " + e.getMessage(), e);
        }
    }

    private BatchResult runOrRetry(LoadedModels.Loaded m, List<RgbImage> images, String unavailable) {
        long t0 = System.nanoTime();
        BatchInference inference = m.inference();
        LoadedModels.ModelInfo info = m.info();
        List<FrameOutcome> outcomes = new ArrayList<>(images.size());
        try {
            for (Proposals p : inference.propose(padded(images))) {
                if (outcomes.size() < images.size()) {
                    outcomes.add(new FrameOutcome.Proposed(p));
                }
            }
            return new BatchResult(outcomes, System.nanoTime() - t0, null, info, unavailable);
        } catch (RuntimeException batchFailure) {
            LOG.warn("model {} failed on a batch of {} frames ({}); retrying them one by one", info.modelId(),
                    images.size(), batchFailure.toString());
            outcomes.clear();
            for (RgbImage image : images) {
                try {
                    outcomes.add(new FrameOutcome.Proposed(inference.propose(padded(List.of(image))).get(0)));
                } catch (RuntimeException e) {
                    outcomes.add(new FrameOutcome.Failed(e));
                }
            }
            return new BatchResult(outcomes, System.nanoTime() - t0, batchFailure, info, unavailable);
        }
    }

    private List<RgbImage> padded(List<RgbImage> images) {
        if (images.size() >= padTo) {
            return images;
        }
        List<RgbImage> out = new ArrayList<>(padTo);
        out.addAll(images);
        RgbImage first = images.get(0);
        RgbImage blank = new RgbImage(first.width(), first.height(), new byte[first.pixels().length]);
        while (out.size() < padTo) {
            out.add(blank);
        }
        return out;
    }
}
