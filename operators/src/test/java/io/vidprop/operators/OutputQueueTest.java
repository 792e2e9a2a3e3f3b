package io.vidprop.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.junit.jupiter.api.Test;

class OutputQueueTest {
    private final List<String> out = new ArrayList<>();
    private final OutputQueue.Emitter emitter = new OutputQueue.Emitter() {
        @Override
        public void batch(List<PendingFrame> frames, BatchResult result) {
            out.add("batch of " + frames.size());
        }

        @Override
        public void shed(Map<String, Long> shedPerCamera) {
            out.add("shed " + shedPerCamera);
        }

        @Override
        public void watermark(Watermark mark) {
            out.add("watermark " + mark.getTimestamp());
        }
    };

    private static BatchResult result() {
        return new BatchResult(List.of(), 0, null, new LoadedModels.ModelInfo("m", 1, 1), null);
    }

    @Test
    void entriesLeaveInOrderOnlyOnceTheBatchesBeforeThemAreDone() throws Exception {
        OutputQueue q = new OutputQueue(2);
        CompletableFuture<BatchResult> first = new CompletableFuture<>();
        CompletableFuture<BatchResult> second = new CompletableFuture<>();
        q.addBatch(List.of(), first);
        q.addShed(Map.of("c", 2L));
        q.addWatermark(new Watermark(5));
        q.addBatch(List.of(), second);
        assertFalse(q.hasRoomForBatch());
        assertThrows(IllegalStateException.class, () -> q.addBatch(List.of(), new CompletableFuture<>()));
        q.addWatermark(new Watermark(7));
        second.complete(result());
        q.emitCompleted(emitter);
        assertEquals(List.of(), out, "the second batch waits for the first");
        first.complete(result());
        q.emitCompleted(emitter);
        assertEquals(List.of("batch of 0", "shed {c=2}", "watermark 5", "batch of 0", "watermark 7"), out);
        assertTrue(q.isEmpty());
        assertTrue(q.hasRoomForBatch());
    }

    @Test
    void aWatermarkRightBehindAnotherReplacesItAndEmptyShedCountsAreLeftOut() throws Exception {
        OutputQueue q = new OutputQueue(2);
        CompletableFuture<BatchResult> running = new CompletableFuture<>();
        q.addBatch(List.of(), running);
        q.addWatermark(new Watermark(1));
        q.addShed(Map.of());
        q.addWatermark(new Watermark(2));
        q.addWatermark(null);
        running.complete(result());
        q.emitCompleted(emitter);
        assertEquals(List.of("batch of 0", "watermark 2"), out);
    }

    @Test
    void aModelRunThatDiedBeyondABatchFailureFailsTheEmission() {
        OutputQueue q = new OutputQueue(2);
        q.addBatch(List.of(), CompletableFuture.failedFuture(new OutOfMemoryError("native heap")));
        assertEquals("native heap", assertThrows(OutOfMemoryError.class, () -> q.emitCompleted(emitter)).getMessage());
    }
}
