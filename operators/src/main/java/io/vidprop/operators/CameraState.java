package io.vidprop.operators;

import io.vidprop.kafka.Frame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each camera's keyed state: its numbering for the duplicate check ({@link SequenceGate} on a {@link CameraSequence}),
 * the duplicates dropped and the frames shed since its last record (which its next record reports). With a TTL a
 * silent camera's state expires. State from savepoints older than {@link CameraSequence} (only the last sequence
 * number, {@value #LEGACY_LAST_SEQUENCE}) is carried over when the camera's next frame arrives.
 *
 * <p>The buffer mixes cameras, so counts of other cameras than the current frame's are reached by switching the key;
 * {@link #forCamera} restores the caller's key afterwards.
 */
final class CameraState {
    private static final Logger LOG = LoggerFactory.getLogger(ProposalOperator.class);
    static final String LEGACY_LAST_SEQUENCE = "last-sequence";
    /** Warn about a camera whose frames are all being dropped as duplicates after this many in a row. */
    static final int WARN_AFTER_DUPLICATES_IN_A_ROW = 10;

    private final KeyContext keys;
    private final ValueState<Long> legacyLastSequence;
    private final ValueState<CameraSequence> sequences;
    private final ValueState<Long> shedSinceLastRecord;
    private final LogThrottle duplicateWarnings = new LogThrottle(LogThrottle.DEFAULT_INTERVAL_MILLIS);
    private final WallClock clock;

    /** What the duplicate check decided for a frame. */
    record Admission(boolean duplicate, CameraSequence state, long duplicatesBefore) {}

    CameraState(KeyedStateStore store, KeyContext keys, long ttlMillis, WallClock clock) {
        this.keys = keys;
        this.clock = clock;
        ValueStateDescriptor<CameraSequence> sequenceState = new ValueStateDescriptor<>("camera-sequence",
                TypeInformation.of(CameraSequence.class));
        ValueStateDescriptor<Long> shedState = new ValueStateDescriptor<>("shed-since-last-record", Types.LONG);
        if (ttlMillis > 0) {
            StateTtlConfig ttl = StateTtlConfig.newBuilder(Duration.ofMillis(ttlMillis))
                    .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                    .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                    .build();
            sequenceState.enableTimeToLive(ttl);
            shedState.enableTimeToLive(ttl);
        }
        legacyLastSequence = store.getState(new ValueStateDescriptor<>(LEGACY_LAST_SEQUENCE, Types.LONG));
        sequences = store.getState(sequenceState);
        shedSinceLastRecord = store.getState(shedState);
    }

    /**
     * The duplicate check for a frame of the current key's camera: a duplicate is counted towards the camera's next
     * record (and warned about when its camera drops many in a row); an admitted frame takes the count so far.
     */
    Admission admit(Frame frame) throws IOException {
        CameraSequence seq = current();
        SequenceGate.Verdict verdict = SequenceGate.admit(seq, frame.sequenced, frame.sequence,
                frame.captureTimestamp);
        if (verdict == SequenceGate.Verdict.DUPLICATE) {
            SequenceGate.recordDrop(seq);
            sequences.update(seq);
            LOG.debug("dropped frame {}: camera {} already had it ({})", frame, frame.cameraId, seq);
            warnIfDroppingEverything(frame, seq);
            return new Admission(true, seq, 0);
        }
        seq.consecutiveDrops = 0;
        long before = SequenceGate.takeDropped(seq);
        sequences.update(seq);
        return new Admission(false, seq, before);
    }

    /** Frames shed since the camera's last record, for its next record; reset to none. */
    long takeShedCount(String cameraId) {
        return forCamera(cameraId, () -> {
            Long n = shedSinceLastRecord.value();
            if (n == null) {
                return 0L;
            }
            shedSinceLastRecord.clear();
            return n;
        });
    }

    /** Adds frames shed with no record to report them yet: the camera's next record will. */
    void addShed(String cameraId, long n) {
        if (n == 0) {
            return;
        }
        forCamera(cameraId, () -> {
            Long before = shedSinceLastRecord.value();
            shedSinceLastRecord.update(before == null ? n : before + n);
            return null;
        });
    }

    /** Gives back the duplicate count of a frame that got no record: the camera's next record will report it. */
    void addDropped(String cameraId, long n) {
        if (n == 0) {
            return;
        }
        forCamera(cameraId, () -> {
            CameraSequence seq = current();
            seq.droppedSinceAdmitted += n;
            sequences.update(seq);
            return null;
        });
    }

    /** The current key's sequence state, carried over from an older savepoint's last sequence number. */
    private CameraSequence current() throws IOException {
        CameraSequence s = sequences.value();
        if (s != null) {
            return s;
        }
        s = SequenceGate.fresh();
        Long legacy = legacyLastSequence.value();
        if (legacy != null) {
            s.lastSequence = legacy;
            legacyLastSequence.clear();
        }
        return s;
    }

    private void warnIfDroppingEverything(Frame frame, CameraSequence seq) {
        if (seq.consecutiveDrops <= WARN_AFTER_DUPLICATES_IN_A_ROW || !duplicateWarnings.allow(clock.millis())) {
            return;
        }
        LOG.warn("camera {} has had its last {} frames dropped as duplicates: the latest, sequence {} captured at {},"
                + " is not above its last sequence {} and not newer than its last capture time {}. A producer that"
                + " numbers from 1 again must send newer vidprop.capture-ts times (see the frame contract)",
                frame.cameraId, seq.consecutiveDrops, frame.sequence, frame.captureTimestamp, seq.lastSequence,
                seq.lastCaptureTimestamp);
    }

    private interface StateAccess<T> {
        T run() throws IOException;
    }

    /** Runs {@code access} with {@code cameraId} as the current key, then restores the caller's key. */
    private <T> T forCamera(String cameraId, StateAccess<T> access) {
        Object callerKey = keys.getCurrentKey();
        keys.setCurrentKey(cameraId);
        try {
            return access.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (callerKey != null) {
                keys.setCurrentKey(callerKey);
            }
        }
    }
}
