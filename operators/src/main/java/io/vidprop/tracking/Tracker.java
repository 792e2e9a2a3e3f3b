package io.vidprop.tracking;

import io.vidprop.rpn.BoxIou;
import io.vidprop.settings.Polygon;
import io.vidprop.settings.TrackSettings;
import io.vidprop.settings.Zone;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Links one camera's proposals from frame to frame (SORT-style): the proposals at or above the tracker's score are
 * thinned by a stricter greedy NMS, each live track's box is predicted one frame on with its velocity, and tracks and
 * proposals are matched greedily by IoU, highest first, at or above {@code matchIou} (ties: the older track, then the
 * better proposal). A matched track takes the proposal's box and updates its velocity (half the new motion, half the
 * old); an unmatched proposal starts a track with the camera's next id; a track unmatched for more than
 * {@code maxMissedFrames} frames ends. Deterministic: the same proposals in the same order give the same tracks, so a
 * restored camera continues exactly as an uninterrupted one.
 */
public final class Tracker {
    private static final float VELOCITY_WEIGHT = 0.5f;

    private Tracker() {}

    /** The tracks matched in this frame, best proposal first, and the zone events they caused. */
    public record Step(List<Track> tracks, List<ZoneEvent> events) {}

    /**
     * Advances {@code state} by one frame.
     *
     * @param proposals x1, y1, x2, y2, score rows, best first
     * @param zones the camera's zones (at most 64)
     */
    public static Step step(TrackerState state, float[][] proposals, TrackSettings settings, List<Zone> zones) {
        float[] dets = detections(proposals, settings);
        int nd = dets.length / 5;
        int nt = state.size();
        float[] predicted = new float[4 * nt];
        for (int t = 0; t < 4 * nt; t++) {
            predicted[t] = state.boxes[t] + state.velocities[t];
        }
        int[] trackOf = new int[nd];
        Arrays.fill(trackOf, -1);
        boolean[] trackMatched = new boolean[nt];
        matchGreedily(predicted, nt, dets, nd, settings.matchIou(), trackOf, trackMatched);

        List<ZoneEvent> events = new ArrayList<>();
        Columns next = new Columns(nt + nd);
        for (int t = 0; t < nt; t++) {
            if (trackMatched[t]) {
                continue;
            }
            int missed = state.missed[t] + 1;
            if (missed > settings.maxMissedFrames()) {
                exitAll(state.zonesInside[t], zones, state.ids[t], Arrays.copyOfRange(predicted, 4 * t, 4 * t + 4),
                        events);
                continue;
            }
            next.add(state.ids[t], Arrays.copyOfRange(predicted, 4 * t, 4 * t + 4),
                    Arrays.copyOfRange(state.velocities, 4 * t, 4 * t + 4), state.scores[t], state.ages[t] + 1, missed,
                    state.zonesInside[t]);
        }
        List<Track> visible = new ArrayList<>();
        long nextId = state.nextId;
        for (int d = 0; d < nd; d++) {
            float[] box = Arrays.copyOfRange(dets, 5 * d, 5 * d + 4);
            float score = dets[5 * d + 4];
            int t = trackOf[d];
            long id;
            float[] velocity = new float[4];
            int age;
            long inside;
            if (t >= 0) {
                id = state.ids[t];
                for (int k = 0; k < 4; k++) {
                    velocity[k] = VELOCITY_WEIGHT * (box[k] - state.boxes[4 * t + k])
                            + (1 - VELOCITY_WEIGHT) * state.velocities[4 * t + k];
                }
                age = state.ages[t] + 1;
                inside = state.zonesInside[t];
            } else {
                id = nextId++;
                age = 1;
                inside = 0;
            }
            long nowInside = zonesContaining(box, zones);
            zoneChanges(inside, nowInside, zones, id, box, events);
            next.add(id, box, velocity, score, age, 0, nowInside);
            visible.add(new Track(id, box, score, age));
        }
        next.storeInto(state);
        state.nextId = nextId;
        return new Step(visible, events);
    }

    /** Proposals at or above the tracker's score, thinned by greedy NMS at its threshold, as x1, y1, x2, y2, score. */
    static float[] detections(float[][] proposals, TrackSettings settings) {
        float[] kept = new float[5 * proposals.length];
        int n = 0;
        for (float[] p : proposals) {
            if (p[4] < settings.minScore()) {
                continue;
            }
            boolean suppressed = false;
            for (int k = 0; k < n && !suppressed; k++) {
                suppressed = BoxIou.iou(kept, 5 * k, p, 0) > settings.nmsThreshold();
            }
            if (!suppressed) {
                System.arraycopy(p, 0, kept, 5 * n++, 5);
            }
        }
        return Arrays.copyOf(kept, 5 * n);
    }

    /** Pairs tracks and detections by IoU, highest first; ties go to the older track, then the better detection. */
    private static void matchGreedily(float[] tracks, int nt, float[] dets, int nd, float minIou, int[] trackOf,
            boolean[] trackMatched) {
        List<long[]> pairs = new ArrayList<>();
        List<Float> ious = new ArrayList<>();
        for (int t = 0; t < nt; t++) {
            for (int d = 0; d < nd; d++) {
                float iou = BoxIou.iou(tracks, 4 * t, dets, 5 * d);
                if (iou >= minIou && iou > 0) {
                    pairs.add(new long[] {t, d});
                    ious.add(iou);
                }
            }
        }
        Integer[] order = new Integer[pairs.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Float.compare(ious.get(b), ious.get(a));
            if (c != 0) {
                return c;
            }
            c = Long.compare(pairs.get(a)[0], pairs.get(b)[0]);
            return c != 0 ? c : Long.compare(pairs.get(a)[1], pairs.get(b)[1]);
        });
        for (int i : order) {
            int t = (int) pairs.get(i)[0];
            int d = (int) pairs.get(i)[1];
            if (!trackMatched[t] && trackOf[d] < 0) {
                trackMatched[t] = true;
                trackOf[d] = t;
            }
        }
    }

    private static long zonesContaining(float[] box, List<Zone> zones) {
        float cx = (box[0] + box[2]) / 2;
        float cy = (box[1] + box[3]) / 2;
        long mask = 0;
        for (int z = 0; z < zones.size() && z < 64; z++) {
            Polygon p = zones.get(z).polygon();
            if (p.contains(cx, cy)) {
                mask |= 1L << z;
            }
        }
        return mask;
    }

    private static void zoneChanges(long before, long now, List<Zone> zones, long id, float[] box,
            List<ZoneEvent> events) {
        for (int z = 0; z < zones.size() && z < 64; z++) {
            boolean was = (before & (1L << z)) != 0;
            boolean is = (now & (1L << z)) != 0;
            if (was != is) {
                events.add(new ZoneEvent(is ? ZoneEvent.Kind.ENTER : ZoneEvent.Kind.EXIT, zones.get(z).name(), id,
                        box));
            }
        }
    }

    private static void exitAll(long inside, List<Zone> zones, long id, float[] box, List<ZoneEvent> events) {
        zoneChanges(inside, 0, zones, id, box, events);
    }

    /** The next state's columns, filled track by track. */
    private static final class Columns {
        final long[] ids;
        final float[] boxes;
        final float[] velocities;
        final float[] scores;
        final int[] ages;
        final int[] missed;
        final long[] zones;
        int n;

        Columns(int capacity) {
            ids = new long[capacity];
            boxes = new float[4 * capacity];
            velocities = new float[4 * capacity];
            scores = new float[capacity];
            ages = new int[capacity];
            missed = new int[capacity];
            zones = new long[capacity];
        }

        void add(long id, float[] box, float[] velocity, float score, int age, int miss, long inside) {
            ids[n] = id;
            System.arraycopy(box, 0, boxes, 4 * n, 4);
            System.arraycopy(velocity, 0, velocities, 4 * n, 4);
            scores[n] = score;
            ages[n] = age;
            missed[n] = miss;
            zones[n] = inside;
            n++;
        }

        void storeInto(TrackerState s) {
            s.ids = Arrays.copyOf(ids, n);
            s.boxes = Arrays.copyOf(boxes, 4 * n);
            s.velocities = Arrays.copyOf(velocities, 4 * n);
            s.scores = Arrays.copyOf(scores, n);
            s.ages = Arrays.copyOf(ages, n);
            s.missed = Arrays.copyOf(missed, n);
            s.zonesInside = Arrays.copyOf(zones, n);
        }
    }
}
