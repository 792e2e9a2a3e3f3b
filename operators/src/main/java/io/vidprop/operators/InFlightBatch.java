package io.vidprop.operators;

import io.vidprop.rpn.Proposals;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * A batch handed to the model, and what must follow its records: the counts of frames shed after each camera's last
 * frame in it, in its own buffer or in later buffers shed completely while it ran, and the latest watermark that
 * arrived before the next batch. Keyed state and the output see these only once the batch's records are out, so a
 * record never counts frames that came after it and a watermark never overtakes the frames before it.
 */
final class InFlightBatch {
    /** What the model returned for a batch, and how long it took. */
    record Inferred(List<Proposals> proposals, long nanos) {}

    private final List<PendingFrame> frames;
    private final Future<Inferred> result;
    private final Map<String, Long> shedAfter = new HashMap<>();
    private Watermark watermarkAfter;

    InFlightBatch(List<PendingFrame> frames, Future<Inferred> result) {
        this.frames = frames;
        this.result = result;
    }

    List<PendingFrame> frames() {
        return frames;
    }

    Future<Inferred> result() {
        return result;
    }

    /** Adds frames shed (per camera) and a watermark (null: none) that came after this batch's frames. */
    void followedBy(Map<String, Long> shed, Watermark watermark) {
        shed.forEach((camera, n) -> shedAfter.merge(camera, n, Long::sum));
        if (watermark != null) {
            watermarkAfter = watermark;
        }
    }

    Map<String, Long> shedAfter() {
        return shedAfter;
    }

    /** The watermark to emit after this batch's records, or null. */
    Watermark watermarkAfter() {
        return watermarkAfter;
    }
}
