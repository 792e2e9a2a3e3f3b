package io.vidprop.operators;

import io.vidprop.kafka.Frame;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.rpn.Proposals;

/** Builds a frame's proposal record: the boxes mapped back to the frame's own pixels, with the model that made them. */
final class RecordFactory {
    private final String modelId;

    RecordFactory(String modelId) {
        this.modelId = modelId;
    }

    /**
     * @param now wall-clock milliseconds, for the record's latency since the frame was received
     */
    ProposalRecord record(PendingFrame p, Proposals proposals, long now) {
        Frame f = p.frame();
        float sx = p.decoded().scaleX();
        float sy = p.decoded().scaleY();
        float[][] out = new float[proposals.size()][];
        for (int i = 0; i < proposals.size(); i++) {
            out[i] = new float[] {proposals.x1(i) * sx, proposals.y1(i) * sy, proposals.x2(i) * sx,
                    proposals.y2(i) * sy, proposals.score(i)};
        }
        ProposalRecord r = new ProposalRecord();
        r.cameraId = f.cameraId;
        r.sequence = f.sequence;
        r.captureTimestamp = f.captureTimestamp;
        r.width = p.decoded().originalWidth();
        r.height = p.decoded().originalHeight();
        r.modelId = modelId;
        r.proposals = out;
        r.latencyMs = Math.max(0, now - f.receivedAtMillis);
        r.duplicatesDroppedBefore = p.duplicatesBefore();
        return r;
    }
}
