package io.vidprop.operators;

/**
 * A camera's keyed state for the duplicate check ({@link SequenceGate}) and the duplicate counts its records report.
 * A Flink POJO, so fields may be added later without losing savepoints.
 */
public class CameraSequence {
    /** The highest {@code vidprop.seq} admitted in the current numbering epoch. */
    public long lastSequence;
    /**
     * The newest capture time admitted in the current epoch; {@link Long#MIN_VALUE} when unknown (state restored from
     * a savepoint that held only the last sequence number).
     */
    public long lastCaptureTimestamp = Long.MIN_VALUE;
    /** Capture time of the epoch's first frame: frames captured before it belong to an older numbering. */
    public long epochStart = Long.MIN_VALUE;
    /** Duplicates dropped since the last frame admitted; the next admitted frame's record reports them. */
    public long droppedSinceAdmitted;
    /** Duplicates dropped in a row, for the warning. */
    public long consecutiveDrops;
    /** Admitted frames since the last one processed under the camera's {@code every} setting. */
    public long everyPhase;
    /** Frames skipped by {@code every} since the last record; the next record reports them. */
    public long skippedSinceRecord;

    public CameraSequence() {}

    @Override
    public String toString() {
        return "CameraSequence{last=" + lastSequence + ", lastCapture=" + lastCaptureTimestamp + ", epochStart="
                + epochStart + ", dropped=" + droppedSinceAdmitted + ", inARow=" + consecutiveDrops + "}";
    }
}
