package io.vidprop.operators;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Per-camera metrics with bounded cardinality: the first {@code limit} cameras a subtask sees each get a metric group
 * {@code camera=<id>} (a Prometheus label); any later camera is counted under {@code camera=other}, so a stream of
 * ever new camera ids cannot grow the metric registry without bound.
 */
public final class CameraMetrics {
    public static final String GROUP = "camera";
    public static final String OTHER = "other";
    public static final int DEFAULT_LIMIT = 64;

    private final MetricGroup parent;
    private final int limit;
    private final Map<String, Camera> cameras = new HashMap<>();
    private Camera other;

    public CameraMetrics(MetricGroup parent, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("camera metrics limit must not be negative, got " + limit);
        }
        this.parent = parent;
        this.limit = limit;
    }

    /** The metrics of this camera, or the shared {@code other} ones once the limit is reached. */
    public Camera of(String cameraId) {
        Camera c = cameras.get(cameraId);
        if (c != null) {
            return c;
        }
        if (cameras.size() < limit && !OTHER.equals(cameraId)) {
            c = new Camera(parent.addGroup(GROUP, cameraId));
            cameras.put(cameraId, c);
            return c;
        }
        if (other == null) {
            other = new Camera(parent.addGroup(GROUP, OTHER));
        }
        return other;
    }

    /** Cameras with a group of their own. */
    public int camerasTracked() {
        return cameras.size();
    }

    /** One camera's counters and latency histogram. */
    public static final class Camera {
        public final Counter framesIn;
        public final Counter proposalsOut;
        public final Counter deadLetters;
        public final Counter framesShed;
        public final Counter duplicatesDropped;
        public final Counter framesSkipped;
        /** Zone events; Prometheus turns the counter into events/s with rate(). */
        public final Counter zoneEvents;
        /** Tracks seen in the camera's latest frame. */
        volatile int activeTracks;
        public final Histogram latencyMillis;

        Camera(MetricGroup g) {
            framesIn = g.counter("framesIn");
            proposalsOut = g.counter("proposalsOut");
            deadLetters = g.counter("deadLetters");
            framesShed = g.counter("framesShed");
            duplicatesDropped = g.counter("duplicatesDropped");
            framesSkipped = g.counter("framesSkipped");
            zoneEvents = g.counter("zoneEvents");
            g.gauge("activeTracks", (org.apache.flink.metrics.Gauge<Integer>) () -> activeTracks);
            latencyMillis = g.histogram("latencyMillis", new DescriptiveStatisticsHistogram(500));
        }
    }
}
