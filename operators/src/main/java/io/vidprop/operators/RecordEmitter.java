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
    private final FrameDecoders decoders;
    private final ProposalMetrics metrics;
    private final WallClock clock;
    private final LogThrottle unavailableWarnings = new LogThrottle(LogThrottle.DEFAULT_INTERVAL_MILLIS);

    RecordEmitter(Output<StreamRecord<ProposalRecord>> output, WatermarkOutput watermarks, RecordFactory records,
            CameraState cameras, BatchFailures failures, FrameDecoders decoders, ProposalMetrics metrics,
            WallClock clock) {
        this.output = output;
        this.watermarks = watermarks;
        this.records = records;
        this.cameras = cameras;
        this.failures = failures;
        this.decoders = decoders;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * A batch's records, each with the id of the model that ran the batch. When the frames' own model could not be
     * loaded (it went missing after it was checked, or after a restore) they ran on the job's model: a warning, at
     * most every 10 s.
     */
    @Override
    public void batch(List<PendingFrame> frames, BatchResult result) throws Exception {
        metrics.inferred(result.nanos());
        String modelId = result.model().modelId();
        String model = frames.get(0).model();
        if (result.unavailable() == null) {
            decoders.learn(model, result.model());
        } else if (unavailableWarnings.allow(clock.millis())) {
            LOG.warn("camera(s) {}: {}; their frames ran on the job's model {} (warned at most every {} s)",
                    frames.stream().map(p -> p.frame().cameraId).distinct().toList(), result.unavailable(), modelId,
                    LogThrottle.DEFAULT_INTERVAL_MILLIS / 1000);
        }
        if (result.batchFailure() == null) {
            failures.batchSucceeded();
        } else {
            failures.batchFailed(modelId, frames.size(), result.failedAlone(), result.batchFailure());
        }
        long now = clock.millis();
        for (int i = 0; i < frames.size(); i++) {
            PendingFrame p = frames.get(i);
            FrameOutcome outcome = result.outcomes().get(i);
            if (outcome instanceof FrameOutcome.Proposed proposed) {
                proposalRecord(p, records.record(p, proposed.proposals(), modelId, now));
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

    /**
     * A settings record whose model cannot be used on this subtask (it cannot be loaded or fails its check): the camera
     * keeps its settings. Each subtask loads models for itself, so each warns; the first one also sends the record to
     * the settings dead letters, as for any settings it refuses.
     */
    void modelRefused(CameraSettingsUpdate refused, int subtask) {
        LOG.warn("settings for camera {} refused by proposal subtask {} (settings topic partition {} offset {}): {};"
                + " the camera keeps its settings and model", refused.cameraId(), subtask, refused.partition(),
                refused.offset(), refused.problem());
        if (subtask == 0) {
            output.collect(ProposalOperator.SETTINGS_DEAD_LETTERS, new StreamRecord<>(refused));
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
