package io.vidprop.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

/** Per-camera metrics register under camera=<id> up to the limit, then share camera=other. */
class CameraMetricsTest {
    @Test
    void eachCameraUpToTheLimitHasItsOwnGroupAndLaterOnesShareOther() {
        MetricListener listener = new MetricListener();
        CameraMetrics metrics = new CameraMetrics(listener.getMetricGroup(), 2);
        metrics.of("cam-1").framesIn.inc();
        metrics.of("cam-1").framesIn.inc();
        metrics.of("cam-2").proposalsOut.inc();
        metrics.of("cam-3").framesIn.inc();
        metrics.of("cam-4").framesIn.inc();

        assertSame(metrics.of("cam-1"), metrics.of("cam-1"));
        assertSame(metrics.of("cam-3"), metrics.of("cam-4"), "beyond the limit every camera is 'other'");
        assertEquals(2, metrics.camerasTracked());
        assertEquals(2, listener.getCounter("camera", "cam-1", "framesIn").orElseThrow().getCount());
        assertEquals(1, listener.getCounter("camera", "cam-2", "proposalsOut").orElseThrow().getCount());
        assertEquals(2, listener.getCounter("camera", "other", "framesIn").orElseThrow().getCount());
        assertTrue(listener.getCounter("camera", "cam-3", "framesIn").isEmpty());
        assertTrue(listener.getHistogram("camera", "cam-1", "latencyMillis").isPresent());
    }

    @Test
    void aCameraNamedOtherCannotTakeASlotAndZeroTracksNone() {
        MetricListener listener = new MetricListener();
        CameraMetrics metrics = new CameraMetrics(listener.getMetricGroup(), 0);
        assertSame(metrics.of("other"), metrics.of("cam-1"));
        assertEquals(0, metrics.camerasTracked());
        assertEquals("camera metrics limit must not be negative, got -1",
                assertThrows(IllegalArgumentException.class, () -> new CameraMetrics(listener.getMetricGroup(), -1))
                        .getMessage());
    }
}
