package io.vidprop.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.testing.TestModels;
import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchSizeChoiceTest {
    private static final ProposalSettings AUTO = ProposalSettings.builder().build();

    @Test
    void theFastestSizeAFrameIsChosen() {
        // fasterrcnn_resnet50_fpn at 512x384 on 2 cores (bench/README): batch 2 is 5% faster a frame than batch 1
        Map<Integer, Double> resnet = Map.of(1, 376.4, 2, 358.1, 4, 372.3, 8, 412.6);
        List<Integer> timed = new ArrayList<>();
        BatchSizeChoice c = BatchSizeChoice.search(8, size -> {
            timed.add(size);
            return resnet.get(size);
        });
        assertEquals(List.of(1, 2, 4, 8), timed);
        assertEquals(new BatchSizeChoice(2, "batch size 2 of at most 8, the fastest a frame (ms a frame by batch "
                + "size: 1: 376.4, 2: 358.1, 4: 372.3, 8: 412.6)"), c);
        // fasterrcnn_mobilenet_v3_large_fpn at 512x384: 30.8, 23.9 and 28.6 ms at 2, 4, 8
        assertEquals(4, BatchSizeChoice.search(8, size -> Map.of(1, 33.0, 2, 30.8, 4, 23.9, 8, 28.6).get(size))
                .batchSize());
    }

    @Test
    void aSmallerSizeMustBeClearlyFasterAndTheMaximumIsAlwaysTimed() {
        // 2% faster is within the noise: the larger size wins; 4% faster is not
        assertEquals(8, BatchSizeChoice.search(8, size -> size == 8 ? 100.0 : 98.0).batchSize());
        assertEquals(4, BatchSizeChoice.search(8, size -> size == 4 ? 96.0 : 100.0).batchSize());
        List<Integer> timed = new ArrayList<>();
        BatchSizeChoice.search(6, size -> {
            timed.add(size);
            return 10.0;
        });
        assertEquals(List.of(1, 2, 4, 6), timed);
    }

    @Test
    void builtInNetworksSmallNetworksFixedPaddedAndGpuBatchesAreNotSearched() {
        assertTrue(new InferencePlanner(AUTO, false, 2).batchSizing("onnx").search());
        assertTrue(new InferencePlanner(AUTO, false, 2).batchSizing("torchscript").search());
        assertEquals("a built-in network", new InferencePlanner(AUTO, false, 2).batchSizing("builtin").why());
        assertEquals("fixed", new InferencePlanner(ProposalSettings.builder().fixedBatchSize(true).build(), false, 2)
                .batchSizing("onnx").why());
        assertEquals("padded batches keep one shape", new InferencePlanner(
                ProposalSettings.builder().padBatches(true).build(), false, 2).batchSizing("onnx").why());
        assertEquals("GPU", new InferencePlanner(AUTO, true, 2).batchSizing("onnx").why());
        assertEquals("the largest allowed", new InferencePlanner(ProposalSettings.builder().batchSize(1)
                .build(), false, 2).batchSizing("onnx").why());
        InferencePlanner onnx = new InferencePlanner(AUTO, false, 2);
        assertEquals(new BatchSizeChoice(8, "batch size 8 (a small network: 19.9 ms a frame)"),
                onnx.batchSize(onnx.batchSizing("onnx"), () -> 19.94, size -> fail("timed a small network")));
        // at the bar the sizes are timed
        assertEquals(2, onnx.batchSize(onnx.batchSizing("onnx"), () -> 20.0, size -> size == 2 ? 10.0 : 20.0)
                .batchSize());
    }

    @Test
    void aBuiltInModelKeepsTheConfiguredSize(@TempDir Path tmp) throws Exception {
        ProposalSettings s = ProposalSettings.builder()
                .modelPath(TestModels.tinyRandom(tmp.resolve("m"), "tiny-test", 10).toString())
                .batchSize(6).build();
        PlannedModel planned = PlannedModel.open(s, Device.cpu(), 2);
        try {
            assertEquals(6, planned.batch().batchSize());
            assertTrue(planned.batch().reason().equals("batch size 6 (a built-in network)"),
                    planned.batch().reason());
        } finally {
            planned.model().close();
        }
    }
}
