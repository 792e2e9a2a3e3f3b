package io.vidprop.operators;

import static io.vidprop.operators.ProposalOperatorTest.frame;
import static io.vidprop.operators.ProposalOperatorTest.harness;
import static io.vidprop.operators.ProposalOperatorTest.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.kafka.Frame;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.settings.CameraSettingsUpdate;
import io.vidprop.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The proposal operator's lifecycle in Flink's keyed harness: checkpoints, close and cancel while a batch is in the
 * model, and the order of records, shed counts and watermarks with the inference thread on. The harness runs no task
 * thread of its own: what the task thread does while the test holds the model ({@link ModelGate}) runs in a thread of
 * the test's, and every wait is bounded.
 */
class ProposalOperatorLifecycleTest {
    /** Longest any step may take before the test fails. */
    static final Duration WAIT = Duration.ofSeconds(20);
    /** How long a step that must not finish yet is watched. */
    static final long STILL_WAITING_MS = 300;

    @TempDir
    static Path dir;
    static String model;
    static byte[] good;

    @BeforeAll
    static void setUp() throws Exception {
        model = TestModels.tinyRandom(dir.resolve("tiny"), "tiny-test", 10).toString();
        good = png(100);
    }

    static ProposalSettings.Builder settings() {
        return ProposalSettings.builder().modelPath(model).batchSize(2).maxWaitMillis(60_000).inferenceThread(false);
    }

    /** Records as "camera#sequence @timestamp" (" shedN", " dupN" when not 0), watermarks as Flink prints them. */
    static List<String> output(KeyedTwoInputStreamOperatorTestHarness<String, Frame, CameraSettingsUpdate, ProposalRecord> h) {
        List<String> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof ProposalRecord p) {
                out.add(p.cameraId + "#" + p.sequence + " @" + (r.hasTimestamp() ? r.getTimestamp() : "none")
                        + (p.framesShedBefore > 0 ? " shed" + p.framesShedBefore : "")
                        + (p.duplicatesDroppedBefore > 0 ? " dup" + p.duplicatesDroppedBefore : ""));
            } else {
                out.add(o.toString());
            }
        }
        return out;
    }

    static StreamRecord<Frame> at(long timestamp, String camera, long sequence, long capture) {
        return new StreamRecord<>(frame(camera, sequence, capture, good), timestamp);
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, Frame, CameraSettingsUpdate, ProposalRecord> gated(ModelGate gate)
            throws Exception {
        return harness(settings().batchSize(2).inferenceThread(true).build(), gate.wrapper());
    }

    /** Opens the harness in its task thread and holds its first batch (camera c's frames 1 and 2) in the model. */
    private static void openWithTheFirstBatchInTheModel(ExecutorService taskThread,
            KeyedTwoInputStreamOperatorTestHarness<String, Frame, CameraSettingsUpdate, ProposalRecord> h,
            ModelGate gate) throws Exception {
        taskThread.submit(() -> {
            h.open();
            gate.shut();
            h.processElement1(at(1, "c", 1, 1001));
            h.processElement1(at(2, "c", 2, 1002));
            return null;
        }).get();
        assertTrue(gate.awaitBatchInModel(WAIT), "the first batch is in the model");
    }

    @Test
    void aCheckpointWhileABatchIsInTheModelWaitsForItAndItsRestoreGivesOneRecordPerFrame() throws Exception {
        OperatorSubtaskState snapshot;
        // The harness lives in a task thread of its own, whose mailbox the operator yields to while the test waits.
        ExecutorService taskThread = Executors.newSingleThreadExecutor();
        try (ModelGate gate = ModelGate.create()) {
            var h = taskThread.submit(() -> gated(gate)).get();
            try {
                openWithTheFirstBatchInTheModel(taskThread, h, gate);
                taskThread.submit(() -> {
                    h.processElement1(at(3, "c", 3, 1003)); // buffered
                    h.processWatermark1(new Watermark(3));
                    return null;
                }).get();
                // As the task thread does at a barrier: prepare it, then snapshot.
                Future<OperatorSubtaskState> checkpoint = taskThread.submit(() -> {
                    h.prepareSnapshotPreBarrier(1);
                    return h.snapshot(1, 1);
                });
                assertThrows(TimeoutException.class, () -> checkpoint.get(STILL_WAITING_MS, TimeUnit.MILLISECONDS),
                        "the barrier waits for the batch in the model");
                assertEquals(List.of(), output(h), "nothing overtakes the batch in the model");
                gate.open();
                snapshot = checkpoint.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertEquals(List.of("c#1 @1", "c#2 @2", "c#3 @3", "Watermark @ 3"),
                        taskThread.submit(() -> output(h)).get(), "every frame before the barrier, then the watermark");
            } finally {
                gate.open(); // before the harness's close, which waits for the model
                taskThread.submit(() -> {
                    h.close();
                    return null;
                }).get();
                taskThread.shutdownNow();
            }
        }
        try (var h = harness(settings().batchSize(2).inferenceThread(true).build())) {
            h.setup();
            h.initializeState(snapshot);
            h.open();
            h.processElement1(at(3, "c", 3, 1003)); // the producer sends it again: dropped
            h.processElement1(at(4, "c", 4, 1004));
            h.processElement1(at(5, "c", 5, 1005));
            h.prepareSnapshotPreBarrier(2);
            assertEquals(List.of("c#4 @4 dup1", "c#5 @5"), output(h));
        }
    }

    @Test
    void aSnapshotWithoutItsBarrierPreparationFailsRatherThanLoseTheBufferedFrames() throws Exception {
        try (var h = harness(settings().build())) {
            h.open();
            h.processElement1(at(1, "c", 1, 1001));
            Exception e = assertThrows(Exception.class, () -> h.snapshot(1, 1));
            assertTrue(messages(e).contains("snapshot 1 with 1 frame(s) buffered and 0 batch(es) in flight: the"
                    + " operator's prepareSnapshotPreBarrier must run before its snapshot"), messages(e));
            h.prepareSnapshotPreBarrier(2);
            h.snapshot(2, 2);
            assertEquals(List.of("c#1 @1"), output(h));
        }
    }

    private static String messages(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            s.append(t.getMessage()).append(" | ");
        }
        return s.toString();
    }

    @ParameterizedTest(name = "inference thread {0}")
    @ValueSource(booleans = {false, true})
    void theBarrierIsPrecededByEveryBufferedFrameInOrderWithItsTimestampAndTheWatermarksAfterThem(boolean thread)
            throws Exception {
        try (var h = harness(settings().batchSize(3).inferenceThread(thread).build())) {
            h.open();
            h.processElement1(at(10, "a", 1, 1001));
            h.processElement1(at(20, "b", 1, 1001));
            h.processElement1(at(30, "a", 2, 1002));
            h.processWatermark1(new Watermark(30));
            h.processElement1(at(40, "b", 2, 1002));
            h.processElement1(at(50, "a", 3, 1003));
            h.processWatermark1(new Watermark(50));
            h.processElement1(at(60, "b", 3, 1003));
            h.processElement1(at(70, "a", 4, 1004));
            h.processWatermark1(new Watermark(70));
            assertFalse(output(h).contains("a#4 @70"), "a#4 is still buffered: " + output(h));
            h.prepareSnapshotPreBarrier(1);
            assertEquals(List.of("a#1 @10", "b#1 @20", "a#2 @30", "Watermark @ 30", "b#2 @40", "a#3 @50", "b#3 @60",
                    "Watermark @ 50", "a#4 @70", "Watermark @ 70"), output(h));
        }
    }

    /**
     * Flink ends a task's input by running the operator's finish() as a mail; with the queue full, a flush that has
     * taken frames from the buffer runs the mailbox while it waits for room, so finish() can run inside that wait (a
     * BATCH job's last frames: its batch timer fires as the input ends).
     */
    @Test
    void finishRunInsideAFlushWaitingForRoomEmitsTheFramesThatFlushTook() throws Exception {
        ExecutorService taskThread = Executors.newSingleThreadExecutor();
        try (ModelGate gate = ModelGate.create()) {
            var h = taskThread.submit(() -> gated(gate)).get();
            try {
                openWithTheFirstBatchInTheModel(taskThread, h, gate);
                taskThread.submit(() -> {
                    h.processElement1(at(3, "c", 3, 1003));
                    h.processElement1(at(4, "c", 4, 1004)); // the second batch: the queue is full
                    return null;
                }).get();
                Future<?> lastFrames = taskThread.submit(() -> {
                    h.processElement1(at(5, "c", 5, 1005));
                    h.processElement1(at(6, "c", 6, 1006));
                    return null;
                });
                assertThrows(TimeoutException.class, () -> lastFrames.get(STILL_WAITING_MS, TimeUnit.MILLISECONDS),
                        "the full buffer waits for room in the queue");
                AbstractStreamOperator<ProposalRecord> operator = h.getOperator();
                CompletableFuture<List<String>> atFinish = new CompletableFuture<>();
                operator.getContainingTask().getMailboxExecutorFactory()
                        .createExecutor(operator.getOperatorConfig().getChainIndex())
                        .execute(() -> {
                            operator.finish();
                            atFinish.complete(output(h));
                        }, "finish, as Flink runs it at the end of the input");
                gate.open();
                assertEquals(List.of("c#1 @1", "c#2 @2", "c#3 @3", "c#4 @4", "c#5 @5", "c#6 @6"),
                        atFinish.get(WAIT.toMillis(), TimeUnit.MILLISECONDS), "every frame is out when finish returns");
                lastFrames.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                gate.open();
                taskThread.submit(() -> {
                    h.close();
                    return null;
                }).get();
                taskThread.shutdownNow();
            }
        }
    }

    @Test
    void framesShedWhileABatchRunsCountInTheRecordsAfterThemAndTheWatermarkWaitsForTheBatch() throws Exception {
        long now = 1_000_000;
        long fresh = now - 60_000; // exactly at the limit: kept
        long stale = now - 60_001;
        try (ModelGate gate = ModelGate.create();
                var h = harness(settings().batchSize(2).inferenceThread(true).maxFrameAgeMillis(60_000)
                        .build(), gate.wrapper(), () -> now)) {
            try {
                h.open();
                gate.shut();
                h.processElement1(at(1, "c", 1, fresh));
                h.processElement1(at(2, "d", 1, fresh));
                assertTrue(gate.awaitBatchInModel(WAIT), "the first batch is in the model");
                h.processWatermark1(new Watermark(2));
                // Without sequence numbers (a numbered frame captured before its camera's last would be a duplicate):
                // this buffer is shed completely while the first batch runs.
                h.processElement1(new StreamRecord<>(frame("c", null, stale, good), 3));
                h.processElement1(new StreamRecord<>(frame("d", null, stale, good), 4));
                h.processElement1(at(5, "c", 3, fresh + 3));
                h.processElement1(at(6, "d", 3, fresh + 3));
                assertEquals(List.of(), output(h), "nothing overtakes the batch in the model");
            } finally {
                gate.open();
            }
            h.prepareSnapshotPreBarrier(1);
            assertEquals(List.of("c#1 @1", "d#1 @2", "Watermark @ 2", "c#3 @5 shed1", "d#3 @6 shed1"), output(h));
        }
    }

    @Test
    void closeWhileABatchIsInTheModelWaitsForItBeforeFreeingTheModel() throws Exception {
        closeWhileABatchIsInTheModel(false);
    }

    /** Flink cancels a task by interrupting its thread, repeatedly, and then closes the operators, without finish(). */
    @Test
    void aCancelledCloseKeepsWaitingThroughInterruptsThenFreesTheModelAndRestoresTheInterrupt() throws Exception {
        closeWhileABatchIsInTheModel(true);
    }

    private static void closeWhileABatchIsInTheModel(boolean cancel) throws Exception {
        try (ModelGate gate = ModelGate.create()) {
            // Not closed through the harness, whose close() calls finish() first, as a cancelled task does not.
            var h = gated(gate);
            h.open();
            gate.shut();
            h.processElement1(at(1, "c", 1, 1001));
            h.processElement1(at(2, "c", 2, 1002));
            assertTrue(gate.awaitBatchInModel(WAIT), "the batch is in the model");
            h.processElement1(at(3, "c", 3, 1003));
            h.processElement1(at(4, "c", 4, 1004)); // queued behind it
            CompletableFuture<Boolean> closed = new CompletableFuture<>(); // whether the thread was left interrupted
            Thread task = new Thread(() -> {
                try {
                    h.getOperator().close();
                    closed.complete(Thread.interrupted());
                } catch (Throwable t) {
                    closed.completeExceptionally(t);
                }
            }, "task thread");
            task.start();
            try {
                assertThrows(TimeoutException.class, () -> closed.get(STILL_WAITING_MS, TimeUnit.MILLISECONDS),
                        "close waits for the batch in the model");
                if (cancel) {
                    for (int i = 0; i < 2; i++) {
                        task.interrupt();
                        assertThrows(TimeoutException.class, () -> closed.get(STILL_WAITING_MS,
                                TimeUnit.MILLISECONDS), "an interrupt does not cut the wait short");
                    }
                }
                assertTrue(gate.modelOpen(), "not freed while the batch runs");
                gate.open();
                assertEquals(cancel, closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                        "the interrupt flag is set again after the wait");
            } finally {
                gate.open();
                task.join(WAIT.toMillis());
            }
            assertEquals(true, gate.modelOpenAfterHeldBatch(), "the model was not freed under the batch");
            assertFalse(gate.modelOpen(), "freed once the batch was done");
            assertEquals(List.of(), output(h), "nothing is emitted on close: the frames are read again after restart");
        }
    }

    @Test
    void aPartialBatchGoesToTheModelWhenItsOldestFrameHasWaitedMaxWait() throws Exception {
        try (var h = harness(settings().batchSize(3).maxWaitMillis(20).build())) {
            h.open();
            h.setProcessingTime(100);
            h.processElement1(at(1, "c", 1, 1001)); // due at 120
            h.setProcessingTime(110);
            h.processElement1(at(2, "c", 2, 1002)); // joins the same batch: the wait is not restarted
            h.setProcessingTime(119);
            assertEquals(List.of(), output(h), "still waiting for a full batch");
            h.setProcessingTime(120);
            assertEquals(List.of("c#1 @1", "c#2 @2"), output(h));
            h.processElement1(at(3, "c", 3, 1003)); // a new batch, due at 140
            h.setProcessingTime(139);
            assertEquals(2, output(h).size());
            h.setProcessingTime(140);
            assertEquals(List.of("c#1 @1", "c#2 @2", "c#3 @3"), output(h));
        }
    }

    /** What jobs wrote before {@link CameraSequence}: only each camera's last sequence number. */
    private static final class LegacySequenceOperator extends AbstractStreamOperator<Void>
            implements OneInputStreamOperator<Frame, Void> {
        @Override
        public void processElement(StreamRecord<Frame> element) throws Exception {
            getRuntimeContext().getState(new ValueStateDescriptor<>(CameraState.LEGACY_LAST_SEQUENCE, Types.LONG))
                    .update(element.getValue().sequence);
        }
    }

    @Test
    void aCamerasLastSequenceFromAnOlderSavepointStillDropsItsReplays() throws Exception {
        OperatorSubtaskState old;
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, Frame, Void>(new LegacySequenceOperator(),
                f -> f.cameraId, Types.STRING)) {
            h.open();
            h.processElement(at(1, "c", 5, 1005));
            old = h.snapshot(1, 1);
        }
        try (var h = harness(settings().batchSize(1).build())) {
            h.setup();
            h.initializeState(old);
            h.open();
            h.processElement1(at(2, "c", 4, 1004)); // at or below the old savepoint's last: replays
            h.processElement1(at(3, "c", 5, 1005));
            h.processElement1(at(4, "c", 6, 1006));
            h.processElement1(at(5, "d", 1, 1001)); // a camera the old savepoint did not know
            assertEquals(List.of("c#6 @4 dup2", "d#1 @5"), output(h));
        }
    }
}
