package io.vidprop.kafka;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * One output record per processed frame, written as JSON (schema: {@code proposal-record.schema.json}): the frame's
 * camera, sequence number, capture time and size, the model that made the proposals, the proposals as
 * [x1, y1, x2, y2, score] in the frame's own pixel coordinates, best first, the processing latency, and how many of the
 * camera's frames were shed as too stale since its previous record.
 */
public class ProposalRecord {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues()
            .create();

    public String cameraId;
    public long sequence;
    public long captureTimestamp;
    public int width;
    public int height;
    public String modelId;
    public float[][] proposals;
    /** Milliseconds from the job reading the frame to the proposals being ready. */
    public long latencyMs;
    /**
     * Frames of this camera shed since its previous record because they were older than the job's staleness limit
     * when the model was about to run (live streams only; always 0 when shedding is off).
     */
    public long framesShedBefore;
    /**
     * Frames of this camera dropped since its previous record as duplicates or replays of frames it already had
     * (sequence number not above the camera's last, and capture time not newer).
     */
    public long duplicatesDroppedBefore;
    /** Frames of this camera skipped since its previous record by its {@code every} setting (one frame in N). */
    public long framesSkippedBefore;
    /** The camera's tracks seen in this frame, when its settings turn tracks on; null (left out) otherwise. */
    public TrackedBox[] tracks;

    /** A track in a frame: its id (never reused within a camera), its box, its proposal's score, its age in frames. */
    public static final class TrackedBox {
        public long id;
        public float[] box;
        public float score;
        public int age;

        public TrackedBox() {}

        public TrackedBox(long id, float[] box, float score, int age) {
            this.id = id;
            this.box = box;
            this.score = score;
            this.age = age;
        }
    }

    public ProposalRecord() {}

    /**
     * This record as JSON, written by hand (the sink runs this for every frame, and it is about three times quicker
     * than reflection): the same text Gson writes for this class, fields in declaration order, null strings left out,
     * floats as {@link Float#toString(float)}.
     */
    public String toJson() {
        int n = proposals == null ? 0 : proposals.length;
        StringBuilder sb = new StringBuilder(160 + 56 * n);
        sb.append('{');
        boolean first = true;
        if (cameraId != null) {
            string(sb.append("\"cameraId\":"), cameraId);
            first = false;
        }
        sb.append(first ? "" : ",").append("\"sequence\":").append(sequence)
                .append(",\"captureTimestamp\":").append(captureTimestamp)
                .append(",\"width\":").append(width)
                .append(",\"height\":").append(height);
        if (modelId != null) {
            string(sb.append(",\"modelId\":"), modelId);
        }
        if (proposals != null) {
            sb.append(",\"proposals\":[");
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                float[] p = proposals[i];
                if (p == null) {
                    sb.append("null");
                    continue;
                }
                sb.append('[');
                for (int j = 0; j < p.length; j++) {
                    if (j > 0) {
                        sb.append(',');
                    }
                    sb.append(p[j]);
                }
                sb.append(']');
            }
            sb.append(']');
        }
        sb.append(",\"latencyMs\":").append(latencyMs)
                .append(",\"framesShedBefore\":").append(framesShedBefore)
                .append(",\"duplicatesDroppedBefore\":").append(duplicatesDroppedBefore)
                .append(",\"framesSkippedBefore\":").append(framesSkippedBefore);
        if (tracks != null) {
            sb.append(",\"tracks\":[");
            for (int i = 0; i < tracks.length; i++) {
                TrackedBox t = tracks[i];
                sb.append(i > 0 ? ",{" : "{").append("\"id\":").append(t.id).append(",\"box\":[")
                        .append(t.box[0]).append(',').append(t.box[1]).append(',').append(t.box[2]).append(',')
                        .append(t.box[3]).append("],\"score\":").append(t.score).append(",\"age\":").append(t.age)
                        .append('}');
            }
            sb.append(']');
        }
        sb.append('}');
        return sb.toString();
    }

    /** A JSON string as Gson writes it with HTML escaping off. */
    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\u2028' -> sb.append("\\u2028");
                case '\u2029' -> sb.append("\\u2029");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** The same record through Gson's reflection (what {@link #toJson()} must equal). */
    String toJsonByReflection() {
        return GSON.toJson(this);
    }

    public static ProposalRecord fromJson(String json) {
        return GSON.fromJson(json, ProposalRecord.class);
    }
}
