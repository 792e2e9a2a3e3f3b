package io.vidprop.settings;

import java.io.Serializable;

/**
 * The tracker of one camera: whether it runs, and its parameters.
 *
 * @param enabled whether records carry tracks
 * @param nmsThreshold the stricter suppression applied to the proposals before tracking (IoU)
 * @param matchIou the least IoU between a track's predicted box and a detection for them to be associated
 * @param minScore the least score of a proposal that may start or extend a track
 * @param maxMissedFrames frames a track may go unmatched before it ends
 */
public record TrackSettings(boolean enabled, float nmsThreshold, float matchIou, float minScore, int maxMissedFrames)
        implements Serializable {
    public static final float DEFAULT_NMS_THRESHOLD = 0.3f;
    public static final float DEFAULT_MATCH_IOU = 0.3f;
    public static final float DEFAULT_MIN_SCORE = 0.5f;
    public static final int DEFAULT_MAX_MISSED_FRAMES = 15;
    /** No tracks; the default parameters for when they are turned on. */
    public static final TrackSettings OFF = new TrackSettings(false, DEFAULT_NMS_THRESHOLD, DEFAULT_MATCH_IOU,
            DEFAULT_MIN_SCORE, DEFAULT_MAX_MISSED_FRAMES);

    public TrackSettings {
        checkUnit("tracks.nmsThreshold", nmsThreshold);
        checkUnit("tracks.matchIou", matchIou);
        checkUnit("tracks.minScore", minScore);
        if (maxMissedFrames < 0 || maxMissedFrames > 10_000) {
            throw new IllegalArgumentException("tracks.maxMissedFrames must be 0 to 10000, got " + maxMissedFrames);
        }
    }

    static void checkUnit(String name, float value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
        }
    }
}
