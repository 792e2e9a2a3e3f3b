package io.vidprop.operators;

/**
 * The duplicate check of the frame contract, on one camera's {@link CameraSequence}. The rule:
 *
 * <ul>
 *   <li>A frame without a {@code vidprop.seq} header is admitted and leaves the state alone (the Kafka offset that
 *       stands in for its sequence number says nothing about the camera's numbering). A frame with a malformed header
 *       never gets here: it is a dead letter.</li>
 *   <li>A numbered frame is new if its sequence number is above the camera's last, or if its capture time is newer
 *       than every frame admitted so far: a producer that restarted and numbers from 1 again starts a new numbering
 *       epoch, which begins at that frame's capture time.</li>
 *   <li>Otherwise (number not above the last, capture time not newer), and for any frame captured before the current
 *       epoch began (a replay of an older numbering), it is a duplicate: dropped and counted.</li>
 * </ul>
 *
 * A replay of frames already processed carries their original numbers and capture times, so it is dropped exactly.
 */
final class SequenceGate {
    enum Verdict {
        /** Numbered and new: the state moved to it. */
        NEW,
        /** No sequence header: admitted, state untouched. */
        UNNUMBERED,
        /** A duplicate or replay: drop it. */
        DUPLICATE
    }

    private SequenceGate() {}

    /**
     * Decides on a frame and updates {@code state} (null: the camera's first numbered frame). Counts are not touched
     * here; see {@link #recordDrop} and {@link #takeDropped}.
     */
    static Verdict admit(CameraSequence state, boolean numbered, long sequence, long captureTimestamp) {
        if (!numbered) {
            return Verdict.UNNUMBERED;
        }
        if (state.epochStart == Long.MIN_VALUE && state.lastCaptureTimestamp == Long.MIN_VALUE
                && state.lastSequence == Long.MIN_VALUE) {
            startEpoch(state, sequence, captureTimestamp);
            return Verdict.NEW;
        }
        boolean knownTimes = state.lastCaptureTimestamp != Long.MIN_VALUE;
        if (knownTimes && captureTimestamp < state.epochStart) {
            return Verdict.DUPLICATE;
        }
        if (sequence > state.lastSequence) {
            state.lastSequence = sequence;
            state.lastCaptureTimestamp = Math.max(state.lastCaptureTimestamp, captureTimestamp);
            if (state.epochStart == Long.MIN_VALUE) {
                state.epochStart = captureTimestamp;
            }
            state.consecutiveDrops = 0;
            return Verdict.NEW;
        }
        if (knownTimes && captureTimestamp > state.lastCaptureTimestamp) {
            startEpoch(state, sequence, captureTimestamp);
            return Verdict.NEW;
        }
        return Verdict.DUPLICATE;
    }

    /** A fresh camera's state. */
    static CameraSequence fresh() {
        CameraSequence s = new CameraSequence();
        s.lastSequence = Long.MIN_VALUE;
        return s;
    }

    private static void startEpoch(CameraSequence state, long sequence, long captureTimestamp) {
        state.lastSequence = sequence;
        state.lastCaptureTimestamp = captureTimestamp;
        state.epochStart = captureTimestamp;
        state.consecutiveDrops = 0;
    }

    static void recordDrop(CameraSequence state) {
        state.droppedSinceAdmitted++;
        state.consecutiveDrops++;
    }

    /** The duplicates dropped before the frame just admitted, for its record; reset to none. */
    static long takeDropped(CameraSequence state) {
        long n = state.droppedSinceAdmitted;
        state.droppedSinceAdmitted = 0;
        return n;
    }
}
