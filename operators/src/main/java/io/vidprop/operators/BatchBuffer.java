package io.vidprop.operators;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;

/**
 * The decoded frames waiting for their batches, across cameras and their models, and the latest watermark that arrived
 * after them (it goes out after their records). Frames of cameras on the same model are batched together
 * ({@link #byModel}): the buffer is due when one model's frames fill a batch of {@code capacity}, when it holds
 * {@code maxFrames} frames in all, or when its oldest frame has waited {@code maxWaitMillis}: the first frame
 * registers a processing-time timer that calls {@code onDue}.
 */
final class BatchBuffer {
    private final int capacity;
    private final int maxFrames;
    private final long maxWaitMillis;
    private final ProcessingTimeService time;
    private final DueCallback onDue;
    private final List<PendingFrame> frames;
    /** Buffered frames per model (a one-element array each, counted without boxing). */
    private final Map<String, int[]> perModel = new HashMap<>();
    private Watermark heldWatermark;
    private long dueAt = -1;

    /** Called in the task thread when the oldest frame has waited its longest. */
    @FunctionalInterface
    interface DueCallback {
        void due() throws Exception;
    }

    /** The frames taken out of the buffer, in the order they came, and the watermark that follows them (null: none). */
    record Drained(List<PendingFrame> frames, Watermark watermark) {}

    /** The frames of one batch and the model they go through ({@link LoadedModels#JOB_MODEL}: the job's). */
    record ModelBatch(String model, List<PendingFrame> frames) {}

    /**
     * @param capacity frames per batch at most
     * @param maxFrames frames buffered at most, across models (at least {@code capacity})
     */
    BatchBuffer(int capacity, int maxFrames, long maxWaitMillis, ProcessingTimeService time, DueCallback onDue) {
        if (maxFrames < capacity) {
            throw new IllegalArgumentException("the buffer must hold at least a batch: " + maxFrames + " < "
                    + capacity);
        }
        this.capacity = capacity;
        this.maxFrames = maxFrames;
        this.maxWaitMillis = maxWaitMillis;
        this.time = time;
        this.onDue = onDue;
        this.frames = new ArrayList<>(capacity);
    }

    /** Adds a frame; returns whether the buffer is now due: its model's batch is full, or the buffer is. */
    boolean add(PendingFrame frame) {
        frames.add(frame);
        int[] count = perModel.computeIfAbsent(frame.model(), m -> new int[1]);
        if (++count[0] >= capacity || frames.size() >= maxFrames) {
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
        perModel.clear();
        heldWatermark = null;
        dueAt = -1;
        return d;
    }

    /**
     * Splits frames (in the order they came) into one batch per model, in the order each model's batch closes, at most
     * {@code capacity} frames each. A camera's frames stay in order: when a camera's model changes among the frames,
     * the open batch of its previous model closes before its frame joins the new model's, so its later records never
     * leave before its earlier ones.
     */
    static List<ModelBatch> byModel(List<PendingFrame> frames, int capacity) {
        List<ModelBatch> out = new ArrayList<>();
        Map<String, List<PendingFrame>> open = new LinkedHashMap<>();
        Map<String, String> cameraModel = new HashMap<>();
        for (PendingFrame p : frames) {
            String camera = p.frame().cameraId;
            if (cameraModel.containsKey(camera)) {
                String before = cameraModel.get(camera);
                if (!Objects.equals(before, p.model())) {
                    List<PendingFrame> earlier = open.remove(before);
                    if (earlier != null && !earlier.isEmpty()) {
                        out.add(new ModelBatch(before, List.copyOf(earlier)));
                    }
                }
            }
            cameraModel.put(camera, p.model());
            List<PendingFrame> batch = open.computeIfAbsent(p.model(), m -> new ArrayList<>());
            batch.add(p);
            if (batch.size() >= capacity) {
                out.add(new ModelBatch(p.model(), List.copyOf(batch)));
                batch.clear();
            }
        }
        open.forEach((model, batch) -> {
            if (!batch.isEmpty()) {
                out.add(new ModelBatch(model, List.copyOf(batch)));
            }
        });
        return out;
    }
}
