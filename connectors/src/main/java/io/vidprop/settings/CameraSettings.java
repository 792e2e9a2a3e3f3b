package io.vidprop.settings;

import java.io.Serializable;
import java.util.List;

/**
 * One camera's settings at run time, from the settings topic (JSON: {@code camera-settings.schema.json}). A proposal
 * is kept when its box's centre is inside an include region (when there is one) and in no exclude region, its score is
 * at least {@code minScore}, and it is among the first {@code top} kept; one frame in {@code every} is processed.
 *
 * @param include regions where proposals are kept; empty: the whole frame
 * @param exclude regions where proposals are dropped
 * @param top at most this many proposals per record; null: the job's default
 * @param minScore the least score of a kept proposal; null: the job's default
 * @param every process one frame in this many (1: every frame)
 * @param tracks the tracker
 * @param zones named regions for enter and exit events
 */
public record CameraSettings(List<Polygon> include, List<Polygon> exclude, Integer top, Float minScore, int every,
        TrackSettings tracks, List<Zone> zones) implements Serializable {
    /** What a camera without settings gets: the job's defaults, every frame, no tracks, no zones. */
    public static final CameraSettings DEFAULT = new CameraSettings(List.of(), List.of(), null, null, 1,
            TrackSettings.OFF, List.of());
    public static final int MAX_TOP = 10_000;
    public static final int MAX_EVERY = 1_000_000;

    public CameraSettings {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        zones = List.copyOf(zones);
        if (top != null && (top < 1 || top > MAX_TOP)) {
            throw new IllegalArgumentException("top must be 1 to " + MAX_TOP + ", got " + top);
        }
        if (minScore != null) {
            TrackSettings.checkUnit("minScore", minScore);
        }
        if (every < 1 || every > MAX_EVERY) {
            throw new IllegalArgumentException("every must be 1 to " + MAX_EVERY + ", got " + every);
        }
        if (tracks == null) {
            throw new IllegalArgumentException("tracks must be set (TrackSettings.OFF: none)");
        }
        long names = zones.stream().map(Zone::name).distinct().count();
        if (names != zones.size()) {
            throw new IllegalArgumentException("zone names must be unique");
        }
    }

    /** Whether a box centred at (x, y) is in the regions: inside an include region, if any, and in no exclude one. */
    public boolean inRegions(float x, float y) {
        if (!include.isEmpty() && include.stream().noneMatch(p -> p.contains(x, y))) {
            return false;
        }
        return exclude.stream().noneMatch(p -> p.contains(x, y));
    }
}
