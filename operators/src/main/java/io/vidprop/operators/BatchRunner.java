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
 * Runs batches through the model, in its {@link InferenceThread} (the model is not thread-safe: all its work goes
 * there) or, without one, in the calling thread. A batch that fails is retried frame by frame in the same run, so each
 * frame gets its own {@link FrameOutcome}. With {@code padTo} a batch is filled up with blank frames of its first
 * frame's size to that many images, so the model always sees one batch shape.
 */
final class BatchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ProposalOperator.class);

    private final BatchInference inference;
    private final InferenceThread thread;
    private final int padTo;

    /**
     * @param thread the model's thread, or null to run in the caller's
     * @param padTo fill batches up to this many images; 0 never pads
     */
    BatchRunner(BatchInference inference, InferenceThread thread, int padTo) {
        this.inference = inference;
        this.thread = thread;
        this.padTo = padTo;
    }

    /** Whether batches run in the caller's thread, so their result is complete when {@link #run} returns. */
    boolean inline() {
        return thread == null;
    }

    CompletableFuture<BatchResult> run(List<PendingFrame> frames) {
        List<RgbImage> images = new ArrayList<>(frames.size());
        for (PendingFrame p : frames) {
            images.add(p.decoded().image());
        }
        return supply(() -> runOrRetry(images));
    }

    /**
     * Runs the model once on a blank image of {@code side} pixels square, so a model that cannot run (a module that
     * does not match its model.json, a missing engine) fails the job at start, naming the model.
     */
    void warmUp(int side, String modelName) throws ModelFailureException {
        RgbImage blank = new RgbImage(side, side, new byte[3 * side * side]);
        try {
            List<Proposals> out = supply(() -> inference.propose(List.of(blank))).join();
            if (out == null || out.size() != 1) {
                throw new IllegalStateException("it returned " + (out == null ? "null" : out.size() + " results")
                        + " for 1 image");
            }
        } catch (RuntimeException e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            throw new ModelFailureException("model " + modelName + " cannot run: warm-up inference on a blank " + side
                    + "x" + side + " image failed: " + cause.getMessage(), cause);
        }
    }

    /**
     * Stops the inference thread, waiting for a batch still running up to {@code timeout}.
     *
     * @return whether nothing runs any more, so the model may be freed
     */
    boolean stop(Duration timeout) {
        return thread == null || thread.stop(timeout);
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

    private BatchResult runOrRetry(List<RgbImage> images) {
        long t0 = System.nanoTime();
        List<FrameOutcome> outcomes = new ArrayList<>(images.size());
        try {
            for (Proposals p : inference.propose(padded(images))) {
                if (outcomes.size() < images.size()) {
                    outcomes.add(new FrameOutcome.Proposed(p));
                }
            }
            return new BatchResult(outcomes, System.nanoTime() - t0, null);
        } catch (RuntimeException batchFailure) {
            LOG.warn("the model failed on a batch of {} frames ({}); retrying them one by one", images.size(),
                    batchFailure.toString());
            outcomes.clear();
            for (RgbImage image : images) {
                try {
                    outcomes.add(new FrameOutcome.Proposed(inference.propose(padded(List.of(image))).get(0)));
                } catch (RuntimeException e) {
                    outcomes.add(new FrameOutcome.Failed(e));
                }
            }
            return new BatchResult(outcomes, System.nanoTime() - t0, batchFailure);
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
