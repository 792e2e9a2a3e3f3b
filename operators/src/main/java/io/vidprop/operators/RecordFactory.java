package io.vidprop.operators;

import io.vidprop.kafka.Frame;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.rpn.Proposals;

/**
 * Builds a frame's proposal record: the boxes mapped back to the frame's own pixels, those its camera's settings keep
 * (centre in its regions, score at least its {@code minScore}, at most its {@code top}, else the job's defaults), best
 * first, with the model that made them.
 */
final class RecordFactory {
    private final int defaultTop;
    private final float defaultMinScore;

    /**
     * @param defaultTop at most this many proposals for cameras whose settings do not say; 0: all
     * @param defaultMinScore the least score for cameras whose settings do not say
     */
    RecordFactory(int defaultTop, float defaultMinScore) {
        this.defaultTop = defaultTop;
        this.defaultMinScore = defaultMinScore;
    }

    /**
     * @param modelId the model that made the proposals
     * @param now wall-clock milliseconds, for the record's latency since the frame was received
     */
    ProposalRecord record(PendingFrame p, Proposals proposals, String modelId, long now) {
        Frame f = p.frame();
        float sx = p.decoded().scaleX();
        float sy = p.decoded().scaleY();
        float[][] out = ProposalSelection.select(proposals, sx, sy, p.settings(), defaultTop, defaultMinScore);
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
        r.framesSkippedBefore = p.skippedBefore();
        return r;
    }
}
