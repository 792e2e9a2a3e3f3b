package io.vidprop.operators;

import io.vidprop.kafka.CameraEvent;
import io.vidprop.kafka.Frame;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.settings.CameraSettingsUpdate;
import io.vidprop.tracking.Track;
import io.vidprop.tracking.Tracker;
import io.vidprop.tracking.ZoneEvent;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits what leaves the {@link OutputQueue}, in the task thread: one proposal record per frame of a finished batch, with
 * the counts of its camera's frames shed and dropped before it, or a dead letter for a frame the model failed on alone
 * (unless {@link BatchFailures} finds the model broken, which fails the task); shed counts into the cameras' state; and
 * watermarks. Records and dead letters keep their input's timestamp.
 */
final class RecordEmitter implements OutputQueue.Emitter {
    private static final Logger LOG = LoggerFactory.getLogger(ProposalOperator.class);

    /** Passes a watermark on downstream (the operator's own watermark handling). */
    @FunctionalInterface
    interface WatermarkOutput {
        void emit(Watermark mark) throws Exception;
    }

    private final Output<StreamRecord<ProposalRecord>> output;
    private final WatermarkOutput watermarks;
    private final RecordFactory records;
    private final CameraState cameras;
    private final BatchFailures failures;
    private final ProposalMetrics metrics;
    private final WallClock clock;

    RecordEmitter(Output<StreamRecord<ProposalRecord>> output, WatermarkOutput watermarks, RecordFactory records,
            CameraState cameras, BatchFailures failures, ProposalMetrics metrics, WallClock clock) {
        this.output = output;
        this.watermarks = watermarks;
        this.records = records;
        this.cameras = cameras;
        this.failures = failures;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void batch(List<PendingFrame> frames, BatchResult result) throws Exception {
        metrics.inferred(result.nanos());
        if (result.batchFailure() == null) {
            failures.batchSucceeded();
        } else {
            failures.batchFailed(frames.size(), result.failedAlone(), result.batchFailure());
        }
        long now = clock.millis();
        for (int i = 0; i < frames.size(); i++) {
            PendingFrame p = frames.get(i);
            FrameOutcome outcome = result.outcomes().get(i);
            if (outcome instanceof FrameOutcome.Proposed proposed) {
                proposalRecord(p, records.record(p, proposed.proposals(), now));
            } else {
                String cameraId = p.frame().cameraId;
                deadLetter(p.frame(), "model failed on this frame: "
                        + ((FrameOutcome.Failed) outcome).error().getMessage(), p.timestamp());
                // No record carries these counts now: the camera's next one will.
                cameras.addShed(cameraId, p.shedBefore());
                cameras.addUnreported(cameraId, p.duplicatesBefore(), p.skippedBefore());
            }
        }
    }

    @Override
    public void shed(Map<String, Long> shedPerCamera) {
        shedPerCamera.forEach(cameras::addShed);
    }

    @Override
    public void watermark(Watermark mark) throws Exception {
        watermarks.emit(mark);
    }

    /** Advances the camera's tracks with the record's proposals; the record carries them, zone changes are events. */
    private void track(PendingFrame p, ProposalRecord record) {
        Tracker.Step step = cameras.track(record.cameraId, record.proposals, p.settings().tracks(),
                p.settings().zones());
        record.tracks = new ProposalRecord.TrackedBox[step.tracks().size()];
        for (int i = 0; i < record.tracks.length; i++) {
            Track t = step.tracks().get(i);
            record.tracks[i] = new ProposalRecord.TrackedBox(t.id(), t.box(), t.score(), t.age());
        }
        metrics.tracked(record.cameraId, record.tracks.length, step.events().size());
        for (ZoneEvent z : step.events()) {
            CameraEvent e = new CameraEvent();
            e.cameraId = record.cameraId;
            e.zone = z.zone();
            e.trackId = z.trackId();
            e.event = z.kind().json();
            e.sequence = record.sequence;
            e.captureTimestamp = record.captureTimestamp;
            e.box = z.box();
            output.collect(ProposalOperator.ZONE_EVENTS, p.timestamp() == PendingFrame.NO_TIMESTAMP ? new StreamRecord<>(e)
                    : new StreamRecord<>(e, p.timestamp()));
        }
    }

    /** Sends a frame to the dead letters with the reason, which the frame carries as its problem. */
    void deadLetter(Frame frame, String reason, long timestamp) {
        frame.problem = reason;
        metrics.deadLetter(frame.cameraId);
        LOG.info("dead letter: {}: {}", frame, reason);
        output.collect(ProposalOperator.DEAD_LETTERS, timestamp == PendingFrame.NO_TIMESTAMP ? new StreamRecord<>(frame)
                : new StreamRecord<>(frame, timestamp));
    }

    /**
     * A settings record that could not be used: every subtask receives every settings record, and the first one
     * reports it (a warning, and the record to the settings dead letters).
     */
    void settingsRefused(CameraSettingsUpdate update, int subtask) {
        if (subtask == 0) {
            LOG.warn("settings for camera {} refused (settings topic partition {} offset {}): {}", update.cameraId(),
                    update.partition(), update.offset(), update.problem());
            output.collect(ProposalOperator.SETTINGS_DEAD_LETTERS, new StreamRecord<>(update));
        }
    }

    private void proposalRecord(PendingFrame p, ProposalRecord record) {
        record.framesShedBefore = cameras.takeShedCount(record.cameraId) + p.shedBefore();
        if (p.settings().tracks().enabled()) {
            track(p, record);
        }
        metrics.recordOut(record.cameraId, record.proposals.length, record.latencyMs);
        output.collect(p.timestamp() == PendingFrame.NO_TIMESTAMP ? new StreamRecord<>(record)
                : new StreamRecord<>(record, p.timestamp()));
    }
}
