package io.vidprop.operators;

import io.vidprop.decode.DecodedFrame;
import io.vidprop.kafka.Frame;

/**
 * A decoded frame waiting for its record: how many of its camera's frames were shed just before it in the same buffer,
 * how many were dropped as duplicates since its camera's previous admitted frame, and its stream timestamp (or
 * {@link #NO_TIMESTAMP}), which its record keeps.
 */
record PendingFrame(Frame frame, DecodedFrame decoded, long shedBefore, long duplicatesBefore, long timestamp) {
    static final long NO_TIMESTAMP = Long.MIN_VALUE;

    PendingFrame withShedBefore(long shed) {
        return new PendingFrame(frame, decoded, shed, duplicatesBefore, timestamp);
    }
}
