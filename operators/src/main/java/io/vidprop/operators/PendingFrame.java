package io.vidprop.operators;

import io.vidprop.decode.DecodedFrame;
import io.vidprop.kafka.Frame;
import io.vidprop.settings.CameraSettings;

/**
 * A decoded frame waiting for its record: how many of its camera's frames were shed just before it in the same buffer,
 * how many were dropped as duplicates and skipped by the camera's {@code every} since its camera's previous record,
 * its camera's settings when it was admitted (which its record follows), the model it goes through (its camera's, or
 * {@link LoadedModels#JOB_MODEL}), and its stream timestamp (or {@link #NO_TIMESTAMP}), which its record keeps.
 */
record PendingFrame(Frame frame, DecodedFrame decoded, long shedBefore, long duplicatesBefore, long skippedBefore,
        CameraSettings settings, String model, long timestamp) {
    static final long NO_TIMESTAMP = Long.MIN_VALUE;

    PendingFrame withShedBefore(long shed) {
        return new PendingFrame(frame, decoded, shed, duplicatesBefore, skippedBefore, settings, model, timestamp);
    }
}
