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

    public ProposalRecord() {}

    public String toJson() {
        return GSON.toJson(this);
    }

    public static ProposalRecord fromJson(String json) {
        return GSON.fromJson(json, ProposalRecord.class);
    }
}
