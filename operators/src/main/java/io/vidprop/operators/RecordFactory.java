package io.vidprop.operators;

import io.vidprop.kafka.Frame;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.rpn.Proposals;
import io.vidprop.settings.CameraSettings;

/**
 * Builds a frame's proposal record: the boxes mapped back to the frame's own pixels, those its camera's settings keep
 * (centre in its regions, score at least its {@code minScore}, at most its {@code top}, else the job's defaults), best
 * first, with the model that made them.
 */
final class RecordFactory {
    private final String modelId;
    private final int defaultTop;
    private final float defaultMinScore;

    /**
     * @param defaultTop at most this many proposals for cameras whose settings do not say; 0: all
     * @param defaultMinScore the least score for cameras whose settings do not say
     */
    RecordFactory(String modelId, int defaultTop, float defaultMinScore) {
        this.modelId = modelId;
        this.defaultTop = defaultTop;
        this.defaultMinScore = defaultMinScore;
    }

    /**
     * @param now wall-clock milliseconds, for the record's latency since the frame was received
     */
    ProposalRecord record(PendingFrame p, Proposals proposals, long now) {
        Frame f = p.frame();
        float sx = p.decoded().scaleX();
        float sy = p.decoded().scaleY();
        CameraSettings settings = p.settings();
        int top = settings.top() != null ? settings.top() : defaultTop > 0 ? defaultTop : Integer.MAX_VALUE;
        float minScore = settings.minScore() != null ? settings.minScore() : defaultMinScore;
        boolean regions = !settings.include().isEmpty() || !settings.exclude().isEmpty();
        float[][] kept = new float[Math.min(top, proposals.size())][];
        int n = 0;
        for (int i = 0; i < proposals.size() && n < kept.length; i++) {
            float score = proposals.score(i);
            if (score < minScore) {
                continue;
            }
            float x1 = proposals.x1(i) * sx;
            float y1 = proposals.y1(i) * sy;
            float x2 = proposals.x2(i) * sx;
            float y2 = proposals.y2(i) * sy;
            if (regions && !settings.inRegions((x1 + x2) / 2, (y1 + y2) / 2)) {
                continue;
            }
            kept[n++] = new float[] {x1, y1, x2, y2, score};
        }
        float[][] out = n == kept.length ? kept : java.util.Arrays.copyOf(kept, n);
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
