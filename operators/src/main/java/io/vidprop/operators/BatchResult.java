package io.vidprop.operators;

import java.util.List;

/**
 * What the model made of a batch: one outcome per frame, in order, and the time it took. When the batch failed as a
 * whole, {@code batchFailure} is that failure and the outcomes are those of the frames run alone.
 */
record BatchResult(List<FrameOutcome> outcomes, long nanos, RuntimeException batchFailure) {
    int failedAlone() {
        return (int) outcomes.stream().filter(o -> o instanceof FrameOutcome.Failed).count();
    }
}
