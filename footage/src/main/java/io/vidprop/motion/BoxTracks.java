package io.vidprop.motion;

import io.vidprop.labels.FrameLabels;
import io.vidprop.rpn.BoxIou;
import java.util.ArrayList;
import java.util.List;

/**
 * Links each frame's foreground boxes into tracks and keeps the boxes of tracks that persist and travel: a box joins
 * the live track whose last box overlaps it most (IoU at least {@code matchIou}, each track taking one box a frame,
 * best pairs first), a track not continued for more than {@code maxGapFrames} frames ends, and at the end only tracks
 * seen in at least {@code minTrackFrames} frames whose centre moved at least {@code minTravel} mean box heights
 * contribute labels. Frames are added in increasing order.
 */
public final class BoxTracks {
    private final MotionSettings settings;
    private final List<Track> live = new ArrayList<>();
    private final List<Track> all = new ArrayList<>();
    private final List<Long> labelledFrames = new ArrayList<>();
    private long lastFrame = -1;
    private int width;
    private int height;

    public BoxTracks(MotionSettings settings) {
        this.settings = settings;
    }

    private static final class Track {
        final List<Long> frames = new ArrayList<>();
        final List<float[]> boxes = new ArrayList<>();

        float[] last() {
            return boxes.get(boxes.size() - 1);
        }

        long lastFrame() {
            return frames.get(frames.size() - 1);
        }
    }

    public void frameSize(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /**
     * The boxes of a frame. {@code labelled} false (warm-up, an unstable frame) still continues tracks but gives
     * the frame no labels.
     */
    public void add(long frame, float[] boxes, boolean labelled) {
        if (frame <= lastFrame) {
            throw new IllegalArgumentException("frames must come in order: " + frame + " after " + lastFrame);
        }
        lastFrame = frame;
        live.removeIf(t -> frame - t.lastFrame() > settings.maxGapFrames() + 1);
        int n = boxes.length / 4;
        boolean[] taken = new boolean[n];
        boolean[] continued = new boolean[live.size()];
        while (true) {
            double best = settings.matchIou();
            int bestBox = -1;
            int bestTrack = -1;
            for (int t = 0; t < live.size(); t++) {
                if (continued[t]) {
                    continue;
                }
                float[] last = live.get(t).last();
                for (int b = 0; b < n; b++) {
                    if (!taken[b]) {
                        double iou = BoxIou.iou(last, 0, boxes, 4 * b);
                        if (iou >= best) {
                            best = iou;
                            bestBox = b;
                            bestTrack = t;
                        }
                    }
                }
            }
            if (bestBox < 0) {
                break;
            }
            taken[bestBox] = true;
            continued[bestTrack] = true;
            append(live.get(bestTrack), frame, boxes, bestBox);
        }
        for (int b = 0; b < n; b++) {
            if (!taken[b]) {
                Track t = new Track();
                append(t, frame, boxes, b);
                live.add(t);
                all.add(t);
            }
        }
        if (labelled) {
            labelledFrames.add(frame);
        }
    }

    private static void append(Track t, long frame, float[] boxes, int b) {
        t.frames.add(frame);
        t.boxes.add(java.util.Arrays.copyOfRange(boxes, 4 * b, 4 * b + 4));
    }

    /** Number of tracks started so far, kept or not. */
    public int trackCount() {
        return all.size();
    }

    /** The kept tracks' boxes on every labelled frame (frames with none are labelled empty). */
    public FrameLabels labels() {
        FrameLabels.Builder out = FrameLabels.builder().frameSize(width, height);
        java.util.Set<Long> labelled = new java.util.HashSet<>(labelledFrames);
        for (long f : labelledFrames) {
            out.frame(f);
        }
        for (Track t : all) {
            if (!kept(t)) {
                continue;
            }
            for (int i = 0; i < t.frames.size(); i++) {
                if (labelled.contains(t.frames.get(i))) {
                    float[] b = t.boxes.get(i);
                    out.box(t.frames.get(i), b[0], b[1], b[2], b[3]);
                }
            }
        }
        return out.build();
    }

    /** How many tracks pass the persistence and travel tests. */
    public int keptTrackCount() {
        int k = 0;
        for (Track t : all) {
            if (kept(t)) {
                k++;
            }
        }
        return k;
    }

    private boolean kept(Track t) {
        if (t.frames.size() < settings.minTrackFrames()) {
            return false;
        }
        float[] first = t.boxes.get(0);
        double heights = 0;
        double travel = 0;
        for (float[] b : t.boxes) {
            heights += b[3] - b[1];
            double dx = (b[0] + b[2] - first[0] - first[2]) / 2.0;
            double dy = (b[1] + b[3] - first[1] - first[3]) / 2.0;
            travel = Math.max(travel, Math.hypot(dx, dy));
        }
        return travel >= settings.minTravel() * heights / t.boxes.size();
    }
}
