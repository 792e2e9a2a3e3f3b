package io.vidprop.operators;

import ai.djl.Device;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The proposal operator's metrics: counters and histograms for the subtask, the same counts per camera
 * ({@link CameraMetrics}), and numeric gauges for the device (Flink's Prometheus reporter exports only numbers):
 * {@code inferenceOnGpu} (1 or 0), {@code gpuIndex} (the GPU's index, -1 on the CPU) and {@code maxBatchSize}.
 * {@code framesOut} and {@code deadLetters} are also accumulators ({@link #ACCUMULATOR_FRAMES_OUT},
 * {@link #ACCUMULATOR_DEAD_LETTERS}) when given a runtime context: exact in a finished job's result, where a metric
 * is as old as the JobManager's last fetch before the task ended.
 */
final class ProposalMetrics {
    /** Accumulator of the frames given a proposal record, summed over the job's subtasks. */
    static final String ACCUMULATOR_FRAMES_OUT = "vidprop.framesOut";
    /** Accumulator of the dead letters, summed over the job's subtasks. */
    static final String ACCUMULATOR_DEAD_LETTERS = "vidprop.deadLetters";

    private static final int HISTOGRAM_WINDOW = 1000;

    private final Counter framesIn;
    private final Counter framesOut;
    private final Counter deadLetters;
    private final Counter duplicates;
    private final Counter shed;
    private final Counter skipped;
    private final Histogram decodeMillis;
    private final Histogram inferenceMillis;
    private final Histogram batchSizes;
    private final Histogram proposalsPerFrame;
    private final Histogram latencyMillis;
    private final CameraMetrics cameras;
    private final LongCounter framesOutTotal = new LongCounter();
    private final LongCounter deadLettersTotal = new LongCounter();

    ProposalMetrics(MetricGroup group, Device device, int maxBatchSize) {
        framesIn = group.counter("framesIn");
        framesOut = group.counter("framesOut");
        deadLetters = group.counter("deadLetters");
        duplicates = group.counter("duplicatesDropped");
        shed = group.counter("framesShed");
        skipped = group.counter("framesSkipped");
        decodeMillis = histogram(group, "decodeMillis");
        inferenceMillis = histogram(group, "inferenceMillis");
        batchSizes = histogram(group, "batchSize");
        proposalsPerFrame = histogram(group, "proposalsPerFrame");
        latencyMillis = histogram(group, "latencyMillis");
        cameras = new CameraMetrics(group, CameraMetrics.DEFAULT_LIMIT);
        int onGpu = device.isGpu() ? 1 : 0;
        int gpuIndex = device.isGpu() ? device.getDeviceId() : -1;
        group.gauge("inferenceOnGpu", (Gauge<Integer>) () -> onGpu);
        group.gauge("gpuIndex", (Gauge<Integer>) () -> gpuIndex);
        group.gauge("maxBatchSize", (Gauge<Integer>) () -> maxBatchSize);
    }

    /** Also counts frames out and dead letters in the job's accumulators. */
    ProposalMetrics accumulateIn(RuntimeContext context) {
        context.addAccumulator(ACCUMULATOR_FRAMES_OUT, framesOutTotal);
        context.addAccumulator(ACCUMULATOR_DEAD_LETTERS, deadLettersTotal);
        return this;
    }

    private static Histogram histogram(MetricGroup group, String name) {
        return group.histogram(name, new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    }

    void frameIn(String cameraId) {
        framesIn.inc();
        cameras.of(cameraId).framesIn.inc();
    }

    /** A frame dropped as a duplicate or skipped by its camera's {@code every}. */
    void notProcessed(String cameraId, CameraState.Verdict verdict) {
        if (verdict == CameraState.Verdict.DUPLICATE) {
            duplicates.inc();
            cameras.of(cameraId).duplicatesDropped.inc();
        } else {
            skipped.inc();
            cameras.of(cameraId).framesSkipped.inc();
        }
    }

    void frameShed(String cameraId) {
        shed.inc();
        cameras.of(cameraId).framesShed.inc();
    }

    void decoded(long nanos) {
        decodeMillis.update(nanos / 1_000_000);
    }

    void batchStarted(int frames) {
        batchSizes.update(frames);
    }

    void inferred(long nanos) {
        inferenceMillis.update(nanos / 1_000_000);
    }

    void recordOut(String cameraId, int proposals, long latencyMs) {
        framesOut.inc();
        framesOutTotal.add(1L);
        proposalsPerFrame.update(proposals);
        latencyMillis.update(latencyMs);
        CameraMetrics.Camera camera = cameras.of(cameraId);
        camera.proposalsOut.inc();
        camera.latencyMillis.update(latencyMs);
    }

    /** A frame's tracks and the zone events they caused. */
    void tracked(String cameraId, int tracks, int events) {
        CameraMetrics.Camera camera = cameras.of(cameraId);
        camera.activeTracks = tracks;
        camera.zoneEvents.inc(events);
    }

    void deadLetter(String cameraId) {
        deadLetters.inc();
        deadLettersTotal.add(1L);
        cameras.of(cameraId == null ? CameraMetrics.OTHER : cameraId).deadLetters.inc();
    }
}
