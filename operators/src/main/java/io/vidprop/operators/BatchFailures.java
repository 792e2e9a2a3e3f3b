package io.vidprop.operators;

/**
 * Tells a broken system from a bad frame when batches fail at inference. A failed batch is retried frame by frame;
 * frames that fail alone are bad data (dead letters). But when every frame of a batch of two or more also fails alone, or
 * {@code maxInARow} batches in a row fail, the model or its runtime is broken (out of memory, a device error, a module
 * that does not match its configuration): throwing fails the task, Flink restarts it from the last checkpoint, and the
 * frames since are read again instead of being thrown away.
 */
final class BatchFailures {
    private final int maxInARow;
    private int inARow;

    BatchFailures(int maxInARow) {
        this.maxInARow = maxInARow;
    }

    void batchSucceeded() {
        inARow = 0;
    }

    /**
     * Records a batch that failed as a whole, after its frames were retried alone.
     *
     * @param modelId the model that ran the batch
     * @throws ModelFailureException when the failure is systemic
     */
    void batchFailed(String modelId, int frames, int failedAlone, RuntimeException cause) throws ModelFailureException {
        inARow++;
        // A batch of one that fails says nothing more than that frame's failure: it only counts towards maxInARow.
        if (frames > 1 && failedAlone == frames) {
            throw new ModelFailureException("model " + modelId + " failed on a batch of " + frames + " frame(s) and on"
                    + " each of them alone: " + cause.getMessage() + "; failing the task so Flink restarts it from the"
                    + " last checkpoint", cause);
        }
        if (inARow >= maxInARow) {
            inARow = 0;
            throw new ModelFailureException("model " + modelId + " failed on " + maxInARow + " batches in a row (last: "
                    + cause.getMessage() + "); failing the task so Flink restarts it from the last checkpoint", cause);
        }
    }

    int inARow() {
        return inARow;
    }

}
