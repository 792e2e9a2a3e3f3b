package io.vidprop.operators;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * What the operator emits, in the order its input came: batches in the model, the shed counts and watermarks that came
 * after them. A batch's entry completes when the model is done with it; counts and watermarks are complete at once but
 * wait behind the batches before them, so a record never counts frames that came after it and a watermark never
 * overtakes the frames before it. At most {@code maxBatches} batches are queued.
 */
final class OutputQueue {
    /** Receives the entries at the head of the queue, in order, once complete. */
    interface Emitter {
        void batch(List<PendingFrame> frames, BatchResult result) throws Exception;

        void shed(Map<String, Long> shedPerCamera);

        void watermark(Watermark mark) throws Exception;
    }

    private sealed interface Entry {}

    private record BatchEntry(List<PendingFrame> frames, CompletableFuture<BatchResult> result) implements Entry {}

    private record ShedEntry(Map<String, Long> counts) implements Entry {}

    private record WatermarkEntry(Watermark mark) implements Entry {}

    private final int maxBatches;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private int batches;

    OutputQueue(int maxBatches) {
        this.maxBatches = maxBatches;
    }

    boolean hasRoomForBatch() {
        return batches < maxBatches;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    int batches() {
        return batches;
    }

    void addBatch(List<PendingFrame> frames, CompletableFuture<BatchResult> result) {
        if (!hasRoomForBatch()) {
            throw new IllegalStateException("already " + batches + " batches queued");
        }
        entries.addLast(new BatchEntry(frames, result));
        batches++;
    }

    void addShed(Map<String, Long> counts) {
        if (!counts.isEmpty()) {
            entries.addLast(new ShedEntry(counts));
        }
    }

    /** Adds a watermark (null: none); one right behind another replaces it, since only the latest matters. */
    void addWatermark(Watermark mark) {
        if (mark == null) {
            return;
        }
        if (entries.peekLast() instanceof WatermarkEntry) {
            entries.pollLast();
        }
        entries.addLast(new WatermarkEntry(mark));
    }

    /** Hands every complete entry at the head of the queue to {@code emitter}, oldest first. */
    void emitCompleted(Emitter emitter) throws Exception {
        while (!entries.isEmpty()) {
            Entry head = entries.peekFirst();
            if (head instanceof BatchEntry b && !b.result().isDone()) {
                return;
            }
            entries.pollFirst();
            if (head instanceof BatchEntry b) {
                batches--;
                emitter.batch(b.frames(), resultOf(b));
            } else if (head instanceof ShedEntry s) {
                emitter.shed(s.counts());
            } else if (head instanceof WatermarkEntry w) {
                emitter.watermark(w.mark());
            }
        }
    }

    /** The batch's result; a run that failed beyond a batch failure (an Error in the model) is rethrown. */
    private static BatchResult resultOf(BatchEntry b) throws Exception {
        try {
            return b.result().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Drops every entry (on close: the frames are read again from the last checkpoint). */
    void clear() {
        entries.clear();
        batches = 0;
    }
}
