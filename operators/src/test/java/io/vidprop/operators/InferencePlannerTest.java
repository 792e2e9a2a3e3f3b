package io.vidprop.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.testing.TestModels;
import ai.djl.Device;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferencePlannerTest {
    private static final ProposalSettings AUTO = ProposalSettings.builder().build();

    @Test
    void aNetworkCostingManyTimesTheDecodingGetsEveryCore() {
        // fasterrcnn_mobilenet_v3_large_320_fpn on 768x576 frames: ~120 ms a frame against ~5 ms of decoding
        InferencePlan plan = new InferencePlanner(AUTO, false, 2).threads(5.0, 120.0);
        assertEquals(new InferencePlan(true, 2, "decoding 5.0 ms, network 120.0 ms a frame on one thread: the "
                + "network gets all 2 cores"), plan);
    }

    @Test
    void aSmallNetworkKeepsACoreForDecoding() {
        // the built-in model on 720p: ~5 ms a frame against 2.5 ms of decoding at 1/4 scale
        InferencePlan plan = new InferencePlanner(AUTO, false, 2).threads(2.5, 5.0);
        assertEquals(new InferencePlan(true, 1, "decoding 2.5 ms, network 5.0 ms a frame on one thread: the "
                + "network gets 1 of 2 cores, decoding the one left"), plan);
        // the boundary: decoding on all cores must cost less than half the network's time
        assertEquals(8, new InferencePlanner(AUTO, false, 8).threads(2.0, 32.1).cpuThreads());
        assertEquals(7, new InferencePlanner(AUTO, false, 8).threads(2.0, 32.0).cpuThreads());
    }

    @Test
    void unmeasuredCostsKeepTheDefault() {
        assertEquals(new InferencePlan(true, 3, "costs not measured: the network gets 3 of 4 cores, decoding the one "
                + "left"), new InferencePlanner(AUTO, false, 4).threads(Double.NaN, Double.NaN));
    }

    @Test
    void manualSettingsGpuAndOneCoreAreNotOverridden() {
        ProposalSettings threads = ProposalSettings.builder().cpuThreads(3).build();
        assertEquals(new InferencePlan(true, 3, "CPU threads set to 3"),
                new InferencePlanner(threads, false, 2).threads(1.0, 500.0));
        ProposalSettings taskThread = ProposalSettings.builder().inferenceThread(false).build();
        assertEquals(new InferencePlan(false, 0, "inference thread turned off"),
                new InferencePlanner(taskThread, false, 8).threads(1.0, 500.0));
        assertEquals(new InferencePlan(false, 0, "one core: the network runs in the task thread"),
                new InferencePlanner(AUTO, false, 1).threads(1.0, 500.0));
        assertEquals(new InferencePlan(true, 0, "GPU: the CPU thread count is left alone"),
                new InferencePlanner(AUTO, true, 2).threads(1.0, 500.0));
    }

    @Test
    void costsAreMeasuredUnderAPixelLimitSmallerThanTheProbeFrame(@TempDir Path tmp) throws Exception {
        // The probe frame is 1280x720; a job that only takes 640x360 frames must still open (it failed at open).
        ProposalSettings small = ProposalSettings.builder()
                .modelPath(TestModels.tinyRandom(tmp.resolve("m"), "tiny-test", 10).toString())
                .maxPixels(640L * 360).build();
        PlannedModel planned = PlannedModel.open(small, Device.cpu(), 2);
        try {
            assertTrue(planned.plan().reason().startsWith("decoding "), planned.plan().reason());
            // the frames' own limit still holds
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> planned.decoder()
                    .decode(new io.vidprop.decode.JpegEncoder(90).encode(InferenceCosts.scene(1280, 720))));
            assertEquals("frame of 1280x720 (921600 pixels) is over the limit of 230400 pixels", e.getMessage());
        } finally {
            planned.model().close();
        }
    }
}
