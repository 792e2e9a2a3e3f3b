package io.vidprop.operators;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;

/**
 * The decoded frames waiting for their batch, across cameras, and the latest watermark that arrived after them (it goes
 * out after their records). The batch is due when it holds {@code capacity} frames or its oldest frame has waited
 * {@code maxWaitMillis}: the first frame of a batch registers a processing-time timer that calls {@code onDue}.
 */
final class BatchBuffer {
    private final int capacity;
    private final long maxWaitMillis;
    private final ProcessingTimeService time;
    private final DueCallback onDue;
    private final List<PendingFrame> frames;
    private Watermark heldWatermark;
    private long dueAt = -1;

    /** Called in the task thread when the oldest frame has waited its longest. */
    @FunctionalInterface
    interface DueCallback {
        void due() throws Exception;
    }

    /** A batch taken out of the buffer: its frames and the watermark that follows them (null: none). */
    record Drained(List<PendingFrame> frames, Watermark watermark) {}

    BatchBuffer(int capacity, long maxWaitMillis, ProcessingTimeService time, DueCallback onDue) {
        this.capacity = capacity;
        this.maxWaitMillis = maxWaitMillis;
        this.time = time;
        this.onDue = onDue;
        this.frames = new ArrayList<>(capacity);
    }

    /** Adds a frame; returns whether the batch is now full. */
    boolean add(PendingFrame frame) {
        frames.add(frame);
        if (frames.size() >= capacity) {
            return true;
        }
        if (dueAt < 0) {
            long at = time.getCurrentProcessingTime() + maxWaitMillis;
            dueAt = at;
            time.registerTimer(at, t -> {
                if (t == dueAt) {
                    onDue.due();
                }
            });
        }
        return false;
    }

    boolean isEmpty() {
        return frames.isEmpty();
    }

    int size() {
        return frames.size();
    }

    /** Holds a watermark behind the buffered frames; of several, only the latest goes out. */
    void holdWatermark(Watermark mark) {
        heldWatermark = mark;
    }

    /** Takes every buffered frame and the held watermark, and cancels the wait. */
    Drained drain() {
        Drained d = new Drained(List.copyOf(frames), heldWatermark);
        frames.clear();
        heldWatermark = null;
        dueAt = -1;
        return d;
    }
}
