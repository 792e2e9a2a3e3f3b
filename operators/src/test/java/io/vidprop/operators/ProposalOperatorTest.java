package io.vidprop.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.kafka.Frame;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.settings.CameraSettingsUpdate;
import io.vidprop.model.ProposalModel;
import io.vidprop.testing.TestModels;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proposal operator in Flink's keyed operator harness, with a tiny model and fault-injecting wrappers. */
class ProposalOperatorTest {
    /** Frames whose pixels have this red value make the model throw. */
    static final int POISON_RED = 13;

    @TempDir
    static Path dir;
    static String model;

    @BeforeAll
    static void writeModel() throws Exception {
        model = TestModels.tinyRandom(dir.resolve("tiny"), "tiny-test", 10).toString();
    }

    /** Throws on any batch holding a frame of solid red {@code red} (0: the warm-up's blank frame too). */
    record PoisonedModel(int red) implements InferenceWrapper {
        @Override
        public BatchInference wrap(ProposalModel m) {
            return images -> {
                for (var image : images) {
                    if ((image.pixels()[0] & 0xff) == red) {
                        throw new IllegalStateException("poisoned pixels (red " + red + ")");
                    }
                }
                return m.propose(images);
            };
        }
    }

    static byte[] png(int red) throws Exception {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(red, 90, 200));
        g.fillRect(0, 0, 40, 30);
        g.setColor(Color.WHITE);
        g.fillRect(10, 8, 12, 9);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static long offsets;

    static Frame frame(String camera, Long sequence, long capture, byte[] payload) {
        Frame f = new Frame();
        f.cameraId = camera;
        f.topic = "frames";
        f.offset = 10_000 + offsets++;
        f.sequenced = sequence != null;
        f.sequence = sequence != null ? sequence : f.offset;
        f.captureTimestamp = capture;
        f.payload = payload;
        f.headerKeys = new String[0];
        f.headerValues = new byte[0][];
        return f;
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, Frame, CameraSettingsUpdate, ProposalRecord> harness(ProposalSettings s)
            throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new ProposalOperator(s), f -> f.cameraId,
                CameraSettingsUpdate::cameraId, Types.STRING);
    }

    /** A harness whose model's inference goes through {@code wrapper} (injected faults, gates). */
    static KeyedTwoInputStreamOperatorTestHarness<String, Frame, CameraSettingsUpdate, ProposalRecord> harness(ProposalSettings s,
            InferenceWrapper wrapper) throws Exception {
        return harness(s, wrapper, WallClock.SYSTEM);
    }

    /** Subtask {@code index} of {@code parallelism}, for rescaling tests. */
    static KeyedTwoInputStreamOperatorTestHarness<String, Frame, CameraSettingsUpdate, ProposalRecord> subtask(
            ProposalSettings s, int maxParallelism, int parallelism, int index) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new ProposalOperator(s), f -> f.cameraId,
                CameraSettingsUpdate::cameraId, Types.STRING, maxParallelism, parallelism, index);
    }

    /** A harness whose inference goes through {@code wrapper} (null: none) and whose wall clock is {@code clock}. */
    static KeyedTwoInputStreamOperatorTestHarness<String, Frame, CameraSettingsUpdate, ProposalRecord> harness(ProposalSettings s,
            InferenceWrapper wrapper, WallClock clock) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new ProposalOperator(s, wrapper, clock), f -> f.cameraId,
                CameraSettingsUpdate::cameraId, Types.STRING);
    }

    static ProposalSettings.Builder settings() {
        return ProposalSettings.builder().modelPath(model).batchSize(2).maxWaitMillis(60_000).inferenceThread(false);
    }

    static List<String> records(KeyedTwoInputStreamOperatorTestHarness<String, Frame, CameraSettingsUpdate, ProposalRecord> h) {
        List<String> out = new ArrayList<>();
        for (ProposalRecord r : h.extractOutputValues()) {
            out.add(r.cameraId + "#" + r.sequence + (r.duplicatesDroppedBefore > 0 ? " dup" + r.duplicatesDroppedBefore
                    : ""));
        }
        return out;
    }

    static List<String> deadLetters(KeyedTwoInputStreamOperatorTestHarness<String, Frame, CameraSettingsUpdate, ProposalRecord> h) {
        List<String> out = new ArrayList<>();
        var side = h.getSideOutput(ProposalOperator.DEAD_LETTERS);
        if (side != null) {
            for (StreamRecord<Frame> r : side) {
                out.add(r.getValue().cameraId + "@" + r.getValue().offset + ": " + r.getValue().problem);
            }
        }
        return out;
    }

    @Test
    void aMalformedSequenceHeaderIsADeadLetterAndLeavesTheCameraAlone() throws Exception {
        byte[] good = png(100);
        try (var h = harness(settings().build())) {
            h.open();
            h.processElement1(new StreamRecord<>(frame("c", 10L, 1000, good)));
            Frame bad = frame("c", null, 1001, good);
            bad.problem = "header vidprop.seq is 'abc', expected a whole number";
            h.processElement1(new StreamRecord<>(bad));
            for (long s = 11; s <= 13; s++) {
                h.processElement1(new StreamRecord<>(frame("c", s, 1000 + s, good)));
            }
            h.prepareSnapshotPreBarrier(1);
            assertEquals(List.of("c#10", "c#11", "c#12", "c#13"), records(h));
            assertEquals(List.of("c@" + bad.offset + ": header vidprop.seq is 'abc', expected a whole number"),
                    deadLetters(h));
        }
    }

    @Test
    void aHeaderlessFrameInANumberedCameraIsProcessedWithoutMovingItsSequence() throws Exception {
        byte[] good = png(100);
        try (var h = harness(settings().build())) {
            h.open();
            h.processElement1(new StreamRecord<>(frame("c", 5L, 1000, good)));
            Frame headerless = frame("c", null, 1001, good);
            h.processElement1(new StreamRecord<>(headerless));
            h.processElement1(new StreamRecord<>(frame("c", 6L, 1002, good)));
            h.prepareSnapshotPreBarrier(1);
            assertEquals(List.of("c#5", "c#" + headerless.offset, "c#6"), records(h));
        }
    }

    @Test
    void duplicatesAreCountedInTheCamerasNextRecordAndStayDroppedAfterARestore() throws Exception {
        byte[] good = png(100);
        OperatorSubtaskState snapshot;
        try (var h = harness(settings().build())) {
            h.open();
            for (long s : new long[] {1, 2, 2, 1, 3}) {
                h.processElement1(new StreamRecord<>(frame("c", s, 1000 + s, good)));
            }
            h.processElement1(new StreamRecord<>(frame("d", 1L, 1000, good)));
            snapshot = h.snapshot(1, 1);
            assertEquals(List.of("c#1", "c#2", "c#3 dup2", "d#1"), records(h));
        }
        try (var h = harness(settings().build())) {
            h.setup();
            h.initializeState(snapshot);
            h.open();
            // The job restarted from the checkpoint and the producer replays: only the new frame goes through.
            for (long s : new long[] {2, 3, 4}) {
                h.processElement1(new StreamRecord<>(frame("c", s, 1000 + s, good)));
            }
            h.processElement1(new StreamRecord<>(frame("d", 1L, 1000, good)));
            h.processElement1(new StreamRecord<>(frame("d", 1L, 5000, good))); // renumbered from 1, newer: new epoch
            h.prepareSnapshotPreBarrier(2);
            assertEquals(List.of("c#4 dup2", "d#1 dup1"), records(h));
        }
    }

    @Test
    void aFrameTheModelFailsOnAloneIsADeadLetterAndTheRestOfItsBatchGoesThrough() throws Exception {
        try (var h = harness(settings().inferenceThread(true)
                .build(), new PoisonedModel(POISON_RED))) {
            h.open();
            Frame poison = frame("p", 1L, 1000, png(POISON_RED));
            h.processElement1(new StreamRecord<>(frame("c", 1L, 1000, png(100))));
            h.processElement1(new StreamRecord<>(poison));
            h.processElement1(new StreamRecord<>(frame("c", 2L, 1001, png(101))));
            h.processElement1(new StreamRecord<>(frame("c", 3L, 1002, png(102))));
            h.prepareSnapshotPreBarrier(1);
            assertEquals(List.of("c#1", "c#2", "c#3"), records(h));
            assertEquals(List.of("p@" + poison.offset + ": model failed on this frame: poisoned pixels (red 13)"),
                    deadLetters(h));
        }
    }

    @Test
    void whenEveryFrameFailsAloneTheTaskFails() throws Exception {
        try (var h = harness(settings().build(), new PoisonedModel(POISON_RED))) {
            h.open();
            h.processElement1(new StreamRecord<>(frame("a", 1L, 1000, png(POISON_RED))));
            ModelFailureException e = assertThrows(ModelFailureException.class,
                    () -> h.processElement1(new StreamRecord<>(frame("b", 1L, 1000, png(POISON_RED)))));
            assertEquals("model tiny-test failed on a batch of 2 frame(s) and on each of them alone: poisoned pixels"
                    + " (red 13); failing the task so Flink restarts it from the last checkpoint", e.getMessage());
            assertEquals(List.of(), records(h));
            assertEquals(List.of(), deadLetters(h), "nothing thrown away: the frames are read again after restart");
        }
    }

    @Test
    void threeFailedBatchesInARowFailTheTask() throws Exception {
        try (var h = harness(settings().build(), new PoisonedModel(POISON_RED))) {
            h.open();
            for (int batch = 1; batch <= 2; batch++) {
                h.processElement1(new StreamRecord<>(frame("p", (long) batch, 1000 + batch, png(POISON_RED))));
                h.processElement1(new StreamRecord<>(frame("c", (long) batch, 1000 + batch, png(100))));
            }
            assertEquals(List.of("c#1", "c#2"), records(h));
            assertEquals(2, deadLetters(h).size());
            h.processElement1(new StreamRecord<>(frame("p", 3L, 1003, png(POISON_RED))));
            ModelFailureException e = assertThrows(ModelFailureException.class,
                    () -> h.processElement1(new StreamRecord<>(frame("c", 3L, 1003, png(100)))));
            assertEquals("model tiny-test failed on 3 batches in a row (last: poisoned pixels (red 13)); failing the"
                    + " task so Flink restarts it from the last checkpoint", e.getMessage());
            assertEquals(List.of("c#1", "c#2"), records(h));
        }
    }

    @Test
    void aSuccessfulBatchResetsTheCount() throws Exception {
        try (var h = harness(settings().maxFailedBatches(2)
                .build(), new PoisonedModel(POISON_RED))) {
            h.open();
            for (int batch = 1; batch <= 4; batch++) {
                boolean poisoned = batch % 2 == 1;
                h.processElement1(new StreamRecord<>(frame("p", (long) batch, 1000 + batch,
                        png(poisoned ? POISON_RED : 50))));
                h.processElement1(new StreamRecord<>(frame("c", (long) batch, 1000 + batch, png(100))));
            }
            assertEquals(6, records(h).size());
            assertEquals(2, deadLetters(h).size());
        }
    }

    @Test
    void aModelThatCannotRunFailsAtOpenNamingIt() throws Exception {
        var h = harness(settings().build(), new PoisonedModel(0));
        ModelFailureException e = assertThrows(ModelFailureException.class, h::open);
        assertTrue(e.getMessage().startsWith("model tiny-test (" + Path.of(model, "model.params") + ") cannot run:"
                + " warm-up inference on a blank 192x192 image failed: poisoned pixels (red 0)"), e.getMessage());
        assertSame(IllegalStateException.class, e.getCause().getClass());
        h.close();
    }

    @Test
    void watermarksWaitForTheFramesBeforeThemAndRecordsKeepTheirTimestamps() throws Exception {
        byte[] good = png(100);
        try (var h = harness(settings().batchSize(3).build())) {
            h.open();
            h.processElement1(new StreamRecord<>(frame("c", 1L, 1000, good), 100));
            h.processElement1(new StreamRecord<>(frame("c", 2L, 1001, good), 200));
            h.processWatermark1(new org.apache.flink.streaming.api.watermark.Watermark(250));
            assertEquals(List.of(), List.copyOf(h.getOutput()), "the watermark must not overtake buffered frames");
            h.processElement1(new StreamRecord<>(frame("c", 3L, 1002, good), 300));
            List<String> out = new ArrayList<>();
            for (Object o : h.getOutput()) {
                out.add(o instanceof StreamRecord<?> r ? "record " + ((ProposalRecord) r.getValue()).sequence + " @"
                        + r.getTimestamp() : o.toString());
            }
            assertEquals(List.of("record 1 @100", "record 2 @200", "record 3 @300", "Watermark @ 250"),
                    out);
            h.processWatermark1(new org.apache.flink.streaming.api.watermark.Watermark(400));
            assertEquals("Watermark @ 400", List.copyOf(h.getOutput()).get(4).toString(),
                    "nothing buffered: passed on at once");
        }
    }

    @Test
    void aCamerasStateExpiresAfterItsTtlSoOldFootageIsProcessedAgain() throws Exception {
        byte[] good = png(100);
        try (var h = harness(settings().batchSize(1).cameraStateTtlMillis(60_000).build())) {
            h.setStateTtlProcessingTime(0);
            h.open();
            h.processElement1(new StreamRecord<>(frame("c", 1L, 1000, good)));
            h.processElement1(new StreamRecord<>(frame("c", 2L, 1001, good)));
            h.setStateTtlProcessingTime(59_000);
            h.processElement1(new StreamRecord<>(frame("c", 2L, 1001, good))); // a replay within the TTL: dropped
            h.setStateTtlProcessingTime(59_000 + 60_001);
            h.processElement1(new StreamRecord<>(frame("c", 1L, 1000, good))); // after it: the camera starts afresh
            assertEquals(List.of("c#1", "c#2", "c#1"), records(h));
        }
    }

    @Test
    void eachCamerasNumberingFollowsItWhenRescaledOneToTwoToOne() throws Exception {
        byte[] good = png(100);
        int maxParallelism = 128;
        List<String> cameras = List.of("cam-0", "cam-1", "cam-2", "cam-3", "cam-4", "cam-5");
        ProposalSettings s = settings().batchSize(1).build();
        OperatorSubtaskState one;
        try (var h = subtask(s, maxParallelism, 1, 0)) {
            h.open();
            for (String c : cameras) {
                h.processElement1(new StreamRecord<>(frame(c, 1L, 1000, good)));
                h.processElement1(new StreamRecord<>(frame(c, 2L, 1001, good)));
            }
            one = h.snapshot(1, 1);
        }
        OperatorSubtaskState[] two = new OperatorSubtaskState[2];
        List<String> seenAtTwo = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (var h = subtask(s, maxParallelism, 2, i)) {
                h.setup();
                h.initializeState(org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness
                        .repartitionOperatorState(one, maxParallelism, 1, 2, i));
                h.open();
                for (String c : cameras) {
                    if (org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignKeyToParallelOperator(c,
                            maxParallelism, 2) == i) {
                        h.processElement1(new StreamRecord<>(frame(c, 2L, 1001, good))); // replayed: dropped
                        h.processElement1(new StreamRecord<>(frame(c, 3L, 1002, good)));
                    }
                }
                seenAtTwo.addAll(records(h));
                two[i] = h.snapshot(2, 2);
            }
        }
        assertEquals(cameras.stream().map(c -> c + "#3 dup1").sorted().toList(), seenAtTwo.stream().sorted().toList());
        assertEquals(java.util.Set.of(0, 1), cameras.stream().map(c -> org.apache.flink.runtime.state
                .KeyGroupRangeAssignment.assignKeyToParallelOperator(c, maxParallelism, 2)).collect(
                        java.util.stream.Collectors.toSet()), "both subtasks own cameras");
        try (var h = subtask(s, maxParallelism, 1, 0)) {
            h.setup();
            h.initializeState(org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness
                    .repartitionOperatorState(org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness
                            .repackageState(two), maxParallelism, 2, 1, 0));
            h.open();
            for (String c : cameras) {
                h.processElement1(new StreamRecord<>(frame(c, 3L, 1002, good))); // replayed: dropped
                h.processElement1(new StreamRecord<>(frame(c, 4L, 1003, good)));
            }
            assertEquals(cameras.stream().map(c -> c + "#4 dup1").toList(), records(h));
        }
    }
}
