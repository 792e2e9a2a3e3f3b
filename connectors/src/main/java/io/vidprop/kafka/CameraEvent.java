package io.vidprop.kafka;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * A track entering or leaving a zone of its camera (schema: {@code camera-event.schema.json}), on the events topic
 * keyed by camera id, in capture order per camera.
 */
public class CameraEvent {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    public String cameraId;
    public String zone;
    public long trackId;
    /** {@code enter} or {@code exit}. */
    public String event;
    /** The frame's sequence number and capture time. */
    public long sequence;
    public long captureTimestamp;
    /** The track's box in that frame: x1, y1, x2, y2 in the frame's pixels. */
    public float[] box;

    public CameraEvent() {}

    public String toJson() {
        return GSON.toJson(this);
    }

    public static CameraEvent fromJson(String json) {
        return GSON.fromJson(json, CameraEvent.class);
    }
}
