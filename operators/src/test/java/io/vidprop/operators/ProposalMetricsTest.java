package io.vidprop.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

class ProposalMetricsTest {
    private static Object gauge(MetricListener l, String name) {
        return l.getGauge(name).map(Gauge::getValue).orElseThrow(() -> new AssertionError("no gauge " + name));
    }

    @Test
    void theDeviceGaugesAreNumbersThatPrometheusCanExport() {
        MetricListener cpu = new MetricListener();
        new ProposalMetrics(cpu.getMetricGroup(), Device.cpu(), 8);
        assertEquals(0, gauge(cpu, "inferenceOnGpu"));
        assertEquals(-1, gauge(cpu, "gpuIndex"));
        assertEquals(8, gauge(cpu, "maxBatchSize"));
        MetricListener gpu = new MetricListener();
        new ProposalMetrics(gpu.getMetricGroup(), Device.gpu(1), 4);
        assertEquals(1, gauge(gpu, "inferenceOnGpu"));
        assertEquals(1, gauge(gpu, "gpuIndex"));
        assertEquals(4, gauge(gpu, "maxBatchSize"));
    }

    @Test
    void theGrafanaDashboardAsksForMetricsTheOperatorRegisters() throws Exception {
        MetricListener listener = new MetricListener();
        ProposalMetrics metrics = new ProposalMetrics(listener.getMetricGroup(), Device.cpu(), 8);
        metrics.frameIn("cam-1"); // registers the camera's group
        String dashboard = Files.readString(Path.of("..", "deploy", "grafana", "vidprop-dashboard.json"));
        Matcher m = Pattern.compile("flink_taskmanager_job_task_operator_(camera_)?(\\w+)").matcher(dashboard);
        int queried = 0;
        while (m.find()) {
            boolean registered = m.group(1) != null
                    ? listener.getMetric(Metric.class, CameraMetrics.GROUP, "cam-1", m.group(2)).isPresent()
                    : listener.getMetric(Metric.class, m.group(2)).isPresent();
            assertTrue(registered, m.group() + " is not a metric the operator registers");
            queried++;
        }
        assertTrue(queried >= 10, "queries of vidprop metrics: " + queried);
    }
}
