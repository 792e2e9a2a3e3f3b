package io.vidprop.eval;

import io.vidprop.rpn.BoxIou;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Identity metrics of a tracker against ground truth with identities (Ristani et al. 2016; the MOT challenge's
 * definitions), frame by frame: a true object and a track are together in a frame when their boxes overlap by at least
 * {@code minIou}. IDF1 is the F1 of the best one-to-one assignment of true objects to tracks over the whole video
 * (Hungarian algorithm): 2 IDTP / (true boxes + track boxes). An identity switch is a true object matched (greedily by
 * IoU, one to one, in each frame) to another track than at its previous match.
 */
public final class TrackingEvaluator {
    private final float minIou;
    private final Map<Long, Map<Long, Integer>> together = new HashMap<>();
    private final Map<Long, Long> lastTrack = new HashMap<>();
    private long trueBoxes;
    private long trackBoxes;
    private int switches;
    private int frames;

    /** IDF1, its parts, and the identity switches. */
    public record Result(double idf1, long idtp, long trueBoxes, long trackBoxes, int idSwitches, int frames) {}

    public TrackingEvaluator(float minIou) {
        this.minIou = minIou;
    }

    /**
     * One frame.
     *
     * @param truth x1, y1, x2, y2 per true object
     * @param trueIds each true object's identity
     * @param tracks x1, y1, x2, y2 per track box
     * @param trackIds each track box's id
     */
    public void add(float[] truth, int[] trueIds, float[] tracks, long[] trackIds) {
        frames++;
        trueBoxes += trueIds.length;
        trackBoxes += trackIds.length;
        List<float[]> pairs = new ArrayList<>();
        for (int g = 0; g < trueIds.length; g++) {
            for (int t = 0; t < trackIds.length; t++) {
                float iou = BoxIou.iou(truth, 4 * g, tracks, 4 * t);
                if (iou >= minIou) {
                    together.computeIfAbsent((long) trueIds[g], k -> new HashMap<>()).merge(trackIds[t], 1,
                            Integer::sum);
                    pairs.add(new float[] {iou, g, t});
                }
            }
        }
        pairs.sort((a, b) -> a[0] != b[0] ? Float.compare(b[0], a[0]) : a[1] != b[1] ? Float.compare(a[1], b[1])
                : Float.compare(a[2], b[2]));
        boolean[] gUsed = new boolean[trueIds.length];
        boolean[] tUsed = new boolean[trackIds.length];
        for (float[] p : pairs) {
            int g = (int) p[1];
            int t = (int) p[2];
            if (gUsed[g] || tUsed[t]) {
                continue;
            }
            gUsed[g] = true;
            tUsed[t] = true;
            Long before = lastTrack.put((long) trueIds[g], trackIds[t]);
            if (before != null && before != trackIds[t]) {
                switches++;
            }
        }
    }

    public Result result() {
        List<Long> trueList = new ArrayList<>(together.keySet());
        List<Long> trackList = new ArrayList<>();
        Map<Long, Integer> trackIndex = new HashMap<>();
        for (Map<Long, Integer> m : together.values()) {
            for (Long t : m.keySet()) {
                if (trackIndex.putIfAbsent(t, trackList.size()) == null) {
                    trackList.add(t);
                }
            }
        }
        int n = trueList.size();
        int m = trackList.size();
        int size = Math.max(n, m);
        long[][] gain = new long[size][size];
        for (int g = 0; g < n; g++) {
            for (Map.Entry<Long, Integer> e : together.get(trueList.get(g)).entrySet()) {
                gain[g][trackIndex.get(e.getKey())] = e.getValue();
            }
        }
        long idtp = size == 0 ? 0 : Hungarian.maxAssignment(gain);
        double idf1 = trueBoxes + trackBoxes == 0 ? 1 : 2.0 * idtp / (trueBoxes + trackBoxes);
        return new Result(idf1, idtp, trueBoxes, trackBoxes, switches, frames);
    }
}
