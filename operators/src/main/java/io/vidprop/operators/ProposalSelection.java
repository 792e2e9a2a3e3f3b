package io.vidprop.operators;

import io.vidprop.rpn.Proposals;
import io.vidprop.settings.CameraSettings;
import java.util.Arrays;

/**
 * The proposals a camera's settings keep, mapped to the frame's pixels: best first, those whose box centre is in the
 * camera's regions and whose score is at least its {@code minScore}, at most its {@code top} (else the job's defaults).
 */
public final class ProposalSelection {
    private ProposalSelection() {}

    /**
     * @param sx, sy the factors from the model's input to the frame's pixels
     * @param defaultTop at most this many for a camera whose settings do not say; 0: all
     * @param defaultMinScore the least score for a camera whose settings do not say
     * @return x1, y1, x2, y2, score rows
     */
    public static float[][] select(Proposals proposals, float sx, float sy, CameraSettings settings, int defaultTop,
            float defaultMinScore) {
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
        return n == kept.length ? kept : Arrays.copyOf(kept, n);
    }
}
