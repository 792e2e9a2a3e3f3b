package io.vidprop.settings;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Camera settings as the settings topic holds them (JSON, schema {@code camera-settings.schema.json}). Parsing is
 * strict: an unknown field, a wrong type or a value out of range is refused with a message that names it, so a typo
 * is reported instead of silently ignored.
 */
public final class CameraSettingsJson {
    private static final Set<String> FIELDS = Set.of("include", "exclude", "top", "minScore", "every", "tracks", "zones",
            "model");
    private static final Set<String> TRACK_FIELDS = Set.of("enabled", "nmsThreshold", "matchIou", "minScore",
            "maxMissedFrames");
    private static final Set<String> ZONE_FIELDS = Set.of("name", "polygon");

    private CameraSettingsJson() {}

    /** Parses and validates; throws {@link IllegalArgumentException} with the reason. */
    public static CameraSettings parse(String json) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        JsonObject o = object(root, "the settings");
        known(o, FIELDS, "");
        TrackSettings tracks = o.has("tracks") ? tracks(object(o.get("tracks"), "tracks")) : TrackSettings.OFF;
        List<Zone> zones = new ArrayList<>();
        if (o.has("zones")) {
            int i = 0;
            for (JsonElement z : array(o.get("zones"), "zones")) {
                JsonObject zo = object(z, "zones[" + i + "]");
                known(zo, ZONE_FIELDS, "zones[" + i + "].");
                String name = zo.has("name") ? string(zo.get("name"), "zones[" + i + "].name") : null;
                if (!zo.has("polygon")) {
                    throw new IllegalArgumentException("zones[" + i + "] needs a polygon");
                }
                zones.add(new Zone(name, polygon(zo.get("polygon"), "zones[" + i + "].polygon")));
                i++;
            }
        }
        return new CameraSettings(polygons(o, "include"), polygons(o, "exclude"),
                o.has("top") ? integer(o.get("top"), "top") : null,
                o.has("minScore") ? number(o.get("minScore"), "minScore") : null,
                o.has("every") ? integer(o.get("every"), "every") : 1, tracks, zones,
                o.has("model") ? string(o.get("model"), "model") : null);
    }

    /** The settings as JSON, every field written; {@link #parse} reads it back to equal settings. */
    public static String toJson(CameraSettings s) {
        JsonObject o = new JsonObject();
        o.add("include", polygonsJson(s.include()));
        o.add("exclude", polygonsJson(s.exclude()));
        if (s.top() != null) {
            o.addProperty("top", s.top());
        }
        if (s.minScore() != null) {
            o.addProperty("minScore", s.minScore());
        }
        o.addProperty("every", s.every());
        JsonObject t = new JsonObject();
        t.addProperty("enabled", s.tracks().enabled());
        t.addProperty("nmsThreshold", s.tracks().nmsThreshold());
        t.addProperty("matchIou", s.tracks().matchIou());
        t.addProperty("minScore", s.tracks().minScore());
        t.addProperty("maxMissedFrames", s.tracks().maxMissedFrames());
        o.add("tracks", t);
        JsonArray zones = new JsonArray();
        for (Zone z : s.zones()) {
            JsonObject zo = new JsonObject();
            zo.addProperty("name", z.name());
            zo.add("polygon", polygonJson(z.polygon()));
            zones.add(zo);
        }
        o.add("zones", zones);
        if (s.model() != null) {
            o.addProperty("model", s.model());
        }
        return o.toString();
    }

    private static TrackSettings tracks(JsonObject t) {
        known(t, TRACK_FIELDS, "tracks.");
        TrackSettings d = TrackSettings.OFF;
        return new TrackSettings(t.has("enabled") ? bool(t.get("enabled"), "tracks.enabled") : true,
                t.has("nmsThreshold") ? number(t.get("nmsThreshold"), "tracks.nmsThreshold") : d.nmsThreshold(),
                t.has("matchIou") ? number(t.get("matchIou"), "tracks.matchIou") : d.matchIou(),
                t.has("minScore") ? number(t.get("minScore"), "tracks.minScore") : d.minScore(),
                t.has("maxMissedFrames") ? integer(t.get("maxMissedFrames"), "tracks.maxMissedFrames")
                        : d.maxMissedFrames());
    }

    private static List<Polygon> polygons(JsonObject o, String field) {
        List<Polygon> out = new ArrayList<>();
        if (o.has(field)) {
            int i = 0;
            for (JsonElement p : array(o.get(field), field)) {
                out.add(polygon(p, field + "[" + i++ + "]"));
            }
        }
        return out;
    }

    private static Polygon polygon(JsonElement e, String where) {
        JsonArray a = array(e, where);
        float[] c = new float[a.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = number(a.get(i), where + "[" + i + "]");
        }
        try {
            return Polygon.of(c);
        } catch (IllegalArgumentException x) {
            throw new IllegalArgumentException(where + ": " + x.getMessage());
        }
    }

    private static JsonArray polygonsJson(List<Polygon> polygons) {
        JsonArray a = new JsonArray();
        polygons.forEach(p -> a.add(polygonJson(p)));
        return a;
    }

    private static JsonArray polygonJson(Polygon p) {
        JsonArray a = new JsonArray();
        for (float c : p.coordinates()) {
            a.add(c);
        }
        return a;
    }

    private static void known(JsonObject o, Set<String> fields, String prefix) {
        for (String k : o.keySet()) {
            if (!fields.contains(k)) {
                throw new IllegalArgumentException("unknown field " + prefix + k + " (known: "
                        + String.join(", ", new java.util.TreeSet<>(fields)) + ")");
            }
        }
    }

    private static JsonObject object(JsonElement e, String where) {
        if (e == null || !e.isJsonObject()) {
            throw new IllegalArgumentException(where + " must be a JSON object");
        }
        return e.getAsJsonObject();
    }

    private static JsonArray array(JsonElement e, String where) {
        if (!e.isJsonArray()) {
            throw new IllegalArgumentException(where + " must be an array");
        }
        return e.getAsJsonArray();
    }

    private static JsonPrimitive primitive(JsonElement e, String where, String what) {
        if (!e.isJsonPrimitive()) {
            throw new IllegalArgumentException(where + " must be " + what);
        }
        return e.getAsJsonPrimitive();
    }

    private static float number(JsonElement e, String where) {
        JsonPrimitive p = primitive(e, where, "a number");
        if (!p.isNumber()) {
            throw new IllegalArgumentException(where + " must be a number");
        }
        return p.getAsFloat();
    }

    private static int integer(JsonElement e, String where) {
        JsonPrimitive p = primitive(e, where, "a whole number");
        if (!p.isNumber()) {
            throw new IllegalArgumentException(where + " must be a whole number");
        }
        double d = p.getAsDouble();
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(where + " must be a whole number, got " + p.getAsString());
        }
        return (int) d;
    }

    private static boolean bool(JsonElement e, String where) {
        JsonPrimitive p = primitive(e, where, "true or false");
        if (!p.isBoolean()) {
            throw new IllegalArgumentException(where + " must be true or false");
        }
        return p.getAsBoolean();
    }

    private static String string(JsonElement e, String where) {
        JsonPrimitive p = primitive(e, where, "a string");
        if (!p.isString()) {
            throw new IllegalArgumentException(where + " must be a string");
        }
        return p.getAsString();
    }
}
