package io.vidprop.operators;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * What a flush has taken from the {@link BatchBuffer} and not yet put in the {@link OutputQueue}, in input order: the
 * batches, each waiting for room in the queue, then the shed counts and the watermark that came after their frames.
 * The operator keeps it, not the flush: a flush waits for room by running the task's mailbox, and a flush nested in
 * that wait (the operator's {@code finish()}, which Flink runs as a mail, or a checkpoint's) must queue, in order, what
 * the outer one took, or those frames would be out of both the buffer and the queue when it returns.
 */
final class QueueHandOff {
    sealed interface Step {}

    record BatchStep(BatchBuffer.ModelBatch batch) implements Step {}

    record ShedStep(Map<String, Long> counts) implements Step {}

    record WatermarkStep(Watermark mark) implements Step {}

    private final ArrayDeque<Step> steps = new ArrayDeque<>();

    /** Adds a drained buffer's batches, then its shed counts (none: nothing) and watermark (null: none). */
    void add(List<BatchBuffer.ModelBatch> batches, Map<String, Long> shed, Watermark mark) {
        for (BatchBuffer.ModelBatch b : batches) {
            steps.addLast(new BatchStep(b));
        }
        if (!shed.isEmpty()) {
            steps.addLast(new ShedStep(shed));
        }
        if (mark != null) {
            steps.addLast(new WatermarkStep(mark));
        }
    }

    boolean isEmpty() {
        return steps.isEmpty();
    }

    /** The frames of the batches here. */
    int frames() {
        int n = 0;
        for (Step s : steps) {
            if (s instanceof BatchStep b) {
                n += b.batch().frames().size();
            }
        }
        return n;
    }

    /** The next step, still here (null: none). */
    Step peek() {
        return steps.peekFirst();
    }

    /** Takes the next step (null: none). */
    Step poll() {
        return steps.pollFirst();
    }

    void clear() {
        steps.clear();
    }
}
