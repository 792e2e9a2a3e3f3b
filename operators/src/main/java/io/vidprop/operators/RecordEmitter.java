package io.vidprop.operators;

import io.vidprop.kafka.Frame;
import io.vidprop.kafka.ProposalRecord;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
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
    private final OutputTag<Frame> deadLetters;
    private final WatermarkOutput watermarks;
    private final RecordFactory records;
    private final CameraState cameras;
    private final BatchFailures failures;
    private final ProposalMetrics metrics;
    private final WallClock clock;

    RecordEmitter(Output<StreamRecord<ProposalRecord>> output, OutputTag<Frame> deadLetters, WatermarkOutput watermarks,
            RecordFactory records, CameraState cameras, BatchFailures failures, ProposalMetrics metrics,
            WallClock clock) {
        this.output = output;
        this.deadLetters = deadLetters;
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
                cameras.addDropped(cameraId, p.duplicatesBefore());
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

    /** Sends a frame to the dead letters with the reason, which the frame carries as its problem. */
    void deadLetter(Frame frame, String reason, long timestamp) {
        frame.problem = reason;
        metrics.deadLetter(frame.cameraId);
        LOG.info("dead letter: {}: {}", frame, reason);
        output.collect(deadLetters, timestamp == PendingFrame.NO_TIMESTAMP ? new StreamRecord<>(frame)
                : new StreamRecord<>(frame, timestamp));
    }

    private void proposalRecord(PendingFrame p, ProposalRecord record) {
        record.framesShedBefore = cameras.takeShedCount(record.cameraId) + p.shedBefore();
        metrics.recordOut(record.cameraId, record.proposals.length, record.latencyMs);
        output.collect(p.timestamp() == PendingFrame.NO_TIMESTAMP ? new StreamRecord<>(record)
                : new StreamRecord<>(record, p.timestamp()));
    }
}
