package io.vidprop.operators;

/**
 * The model or its runtime cannot run (it failed to warm up, failed on every frame of a batch alone, or on several
 * batches in a row): the proposal operator fails its task with this, so Flink restarts it from the last checkpoint
 * instead of dead-lettering good frames.
 */
public final class ModelFailureException extends Exception {
    private static final long serialVersionUID = 1L;

    public ModelFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
