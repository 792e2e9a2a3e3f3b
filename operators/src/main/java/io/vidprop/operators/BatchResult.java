package io.vidprop.operators;

import java.util.List;

/**
 * What the model made of a batch: one outcome per frame, in order, and the time it took. When the batch failed as a
 * whole, {@code batchFailure} is that failure and the outcomes are those of the frames run alone.
 *
 * @param model the model that ran the batch (its id goes into the records)
 * @param unavailable why the frames' own model did not run and the job's did instead; null when it ran
 */
record BatchResult(List<FrameOutcome> outcomes, long nanos, RuntimeException batchFailure,
        LoadedModels.ModelInfo model, String unavailable) {
    int failedAlone() {
        return (int) outcomes.stream().filter(o -> o instanceof FrameOutcome.Failed).count();
    }
}
