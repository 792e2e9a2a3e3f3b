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
 * @param model the model that makes the camera's proposals: a model directory (or its model.json, ONNX or TorchScript
 *     file) as a path or URI on the cluster's file system; null: the job's model
 */
public record CameraSettings(List<Polygon> include, List<Polygon> exclude, Integer top, Float minScore, int every,
        TrackSettings tracks, List<Zone> zones, String model) implements Serializable {
    /** What a camera without settings gets: the job's defaults, every frame, no tracks, no zones, the job's model. */
    public static final CameraSettings DEFAULT = new CameraSettings(List.of(), List.of(), null, null, 1,
            TrackSettings.OFF, List.of(), null);
    public static final int MAX_TOP = 10_000;
    public static final int MAX_EVERY = 1_000_000;
    /** The longest model path or URI accepted. */
    public static final int MAX_MODEL_LENGTH = 4096;

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
        if (model != null) {
            checkModel(model);
        }
        long names = zones.stream().map(Zone::name).distinct().count();
        if (names != zones.size()) {
            throw new IllegalArgumentException("zone names must be unique");
        }
    }

    /** The same settings with another model (null: the job's). */
    public CameraSettings withModel(String newModel) {
        return new CameraSettings(include, exclude, top, minScore, every, tracks, zones, newModel);
    }

    private static void checkModel(String model) {
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must be a model directory's path or URI, got an empty string");
        }
        if (model.length() > MAX_MODEL_LENGTH) {
            throw new IllegalArgumentException("model must be at most " + MAX_MODEL_LENGTH + " characters, got "
                    + model.length());
        }
        if (!model.strip().equals(model) || model.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("model must not have control characters or surrounding spaces: '"
                    + model + "'");
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
