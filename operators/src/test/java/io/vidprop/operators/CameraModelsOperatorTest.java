package io.vidprop.operators;

import static io.vidprop.operators.ProposalOperatorTest.frame;
import static io.vidprop.operators.ProposalOperatorTest.harness;
import static io.vidprop.operators.ProposalOperatorTest.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.kafka.Frame;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.model.ProposalModel;
import io.vidprop.settings.CameraSettingsDeserializer;
import io.vidprop.settings.CameraSettingsUpdate;
import io.vidprop.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cameras on models of their own (camera settings {@code model}): a batch per model, the model checked when the
 * settings arrive and refused with a settings dead letter when it cannot run, the least recently used model closed
 * beyond the limit, and models loaded again after a restore. Real tiny models; {@link Recording} only watches them.
 */
class CameraModelsOperatorTest {
    /** The job's model id. */
    static final String JOB = "tiny-test";

    @TempDir
    static Path dir;
    static String jobModel;
    static String second;
    static String third;
    static String broken;
    static byte[] image;

    @BeforeAll
    static void writeModels() throws Exception {
        jobModel = TestModels.tinyRandom(dir.resolve("job"), JOB, 10).toString();
        second = TestModels.tinyRandom(dir.resolve("second"), "second", 10).toString();
        third = TestModels.tinyRandom(dir.resolve("third"), "third", 10).toString();
        broken = TestModels.tinyRandom(dir.resolve("broken"), "broken", 10).toString();
        image = png(100);
    }

    /**
     * Watches the models the operator loads: each batch (not the warm-ups, which are square blank images) as "model
     * xN", and every model wrapped, to tell which are still open. A model with id {@code broken} fails every run,
     * its warm-up included. Named by a key, so the settings stay serialisable.
     */
    record Recording(String key) implements InferenceWrapper {
        static final Map<String, List<String>> BATCHES = new ConcurrentHashMap<>();
        static final Map<String, List<ProposalModel>> MODELS = new ConcurrentHashMap<>();
        static final AtomicInteger KEYS = new AtomicInteger();

        static Recording create() {
            return new Recording("recording-" + KEYS.incrementAndGet());
        }

        @Override
        public BatchInference wrap(ProposalModel m) {
            MODELS.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(m);
            return images -> {
                if (m.modelId().equals("broken")) {
                    throw new IllegalStateException("this model is broken on purpose");
                }
                if (images.get(0).width() != images.get(0).height()) {
                    BATCHES.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>()))
                            .add(m.modelId() + " x" + images.size());
                }
                return m.propose(images);
            };
        }

        List<String> batches() {
            return new ArrayList<>(BATCHES.getOrDefault(key, List.of()));
        }

        /** The ids of the models loaded and not yet closed, in the order they were loaded. */
        List<String> open() {
            return MODELS.getOrDefault(key, List.of()).stream().filter(m -> m.djlModel().getNDManager().isOpen())
                    .map(ProposalModel::modelId).toList();
        }

        /** How many times a model with this id was loaded. */
        long loads(String modelId) {
            return MODELS.getOrDefault(key, List.of()).stream().filter(m -> m.modelId().equals(modelId)).count();
        }
    }

    static ProposalSettings.Builder settings() {
        return ProposalSettings.builder().modelPath(jobModel).batchSize(2).maxWaitMillis(60_000).inferenceThread(false);
    }

    private static long offsets;

    static StreamRecord<CameraSettingsUpdate> setting(String camera, String json) {
        return new StreamRecord<>(CameraSettingsDeserializer.toUpdate(camera.getBytes(StandardCharsets.UTF_8),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), 0, offsets++));
    }

    static StreamRecord<CameraSettingsUpdate> model(String camera, String model) {
        return setting(camera, "{\"model\": \"" + model + "\"}");
    }

    static StreamRecord<Frame> at(String camera, long sequence) {
        return new StreamRecord<>(frame(camera, sequence, 1000 + sequence, image));
    }

    /** The records as "camera#sequence model", in the order they left. */
    static List<String> records(KeyedTwoInputStreamOperatorTestHarness<String, Frame, CameraSettingsUpdate,
            ProposalRecord> h) {
        return h.extractOutputValues().stream().map(r -> r.cameraId + "#" + r.sequence + " " + r.modelId).toList();
    }

    static List<String> refusals(KeyedTwoInputStreamOperatorTestHarness<String, Frame, CameraSettingsUpdate,
            ProposalRecord> h) {
        var side = h.getSideOutput(ProposalOperator.SETTINGS_DEAD_LETTERS);
        return side == null ? List.of() : side.stream().map(r -> r.getValue().cameraId() + ": " + r.getValue().problem())
                .toList();
    }

    @ParameterizedTest(name = "inference thread {0}")
    @ValueSource(booleans = {false, true})
    void framesOfCamerasOnTheSameModelBatchTogetherAndAChangeAppliesFromTheCamerasNextFrame(boolean thread)
            throws Exception {
        Recording rec = Recording.create();
        try (var h = harness(settings().inferenceThread(thread).build(), rec)) {
            h.open();
            h.processElement2(model("c", second));
            h.processElement2(model("d", second));
            h.processElement1(at("a", 1));
            h.processElement1(at("c", 1));
            h.processElement1(at("b", 1)); // the job's model has a full batch: all three go, a batch per model
            h.processElement1(at("d", 1));
            h.processElement1(at("c", 2)); // the second model's batch is full
            h.prepareSnapshotPreBarrier(1);
            assertEquals(List.of("tiny-test x2", "second x1", "second x2"), rec.batches());
            assertEquals(List.of("a#1 tiny-test", "b#1 tiny-test", "c#1 second", "d#1 second", "c#2 second"),
                    records(h));

            // a switches to the second model while its first frame waits: that frame keeps the job's model.
            h.processElement1(at("a", 2));
            h.processElement2(model("a", second));
            h.processElement1(at("a", 3));
            h.processElement2(setting("c", null)); // cleared: the job's model again
            h.processElement1(at("c", 3));
            h.prepareSnapshotPreBarrier(2);
            assertEquals(List.of("a#2 tiny-test", "a#3 second", "c#3 tiny-test"), records(h).subList(5, 8));
            assertEquals(List.of(), refusals(h));
            assertEquals(1, rec.loads("second"), "loaded once, when c's settings named it");
        }
    }

    @Test
    void aCamerasFramesStayInOrderWhenItsModelChangesWithinOneBuffer() {
        List<PendingFrame> frames = List.of(pending("a", 1, null), pending("b", 1, "m"), pending("a", 2, "m"),
                pending("b", 2, null), pending("c", 1, null));
        List<String> batches = BatchBuffer.byModel(frames, 8).stream().map(b -> b.model() + ":" + b.frames().stream()
                .map(p -> p.frame().cameraId + p.frame().sequence).toList()).toList();
        assertEquals(List.of("null:[a1]", "m:[b1, a2]", "null:[b2, c1]"), batches,
                "a's move to m closes the job model's batch before it, b's move back the batch of m");
        assertEquals(List.of("null:[a1, b1]", "null:[c1]", "m:[d1]"), BatchBuffer.byModel(List.of(pending("a", 1, null),
                pending("b", 1, null), pending("d", 1, "m"), pending("c", 1, null)), 2).stream()
                .map(b -> b.model() + ":" + b.frames().stream().map(p -> p.frame().cameraId + p.frame().sequence)
                        .toList()).toList(), "at most a batch's capacity each");
    }

    private static PendingFrame pending(String camera, long sequence, String model) {
        return new PendingFrame(frame(camera, sequence, 1000, new byte[0]), null, 0, 0, 0,
                io.vidprop.settings.CameraSettings.DEFAULT, model, PendingFrame.NO_TIMESTAMP);
    }

    @Test
    void beyondTheLimitTheLeastRecentlyUsedModelIsClosedAndLoadedAgainWhenAFrameNeedsIt() throws Exception {
        Recording rec = Recording.create();
        try (var h = harness(settings().batchSize(1).maxLoadedModels(2).build(), rec)) {
            h.open();
            assertEquals(List.of(JOB), rec.open());
            h.processElement2(model("x", second));
            assertEquals(List.of(JOB, "second"), rec.open());
            h.processElement1(at("x", 1));
            h.processElement1(at("j", 1)); // the job's model is now the most recently used
            h.processElement2(model("y", third)); // closes the least recently used: second
            assertEquals(List.of(JOB, "third"), rec.open());
            h.processElement1(at("y", 1));
            h.processElement1(at("x", 2)); // second again, closing the job's model
            assertEquals(List.of("third", "second"), rec.open());
            h.processElement1(at("j", 2)); // and the job's again, closing third
            assertEquals(List.of("second", JOB), rec.open());
            assertEquals(List.of("x#1 second", "j#1 tiny-test", "y#1 third", "x#2 second", "j#2 tiny-test"),
                    records(h));
            assertEquals(2, rec.loads("second"));
            assertEquals(2, rec.loads(JOB));
        }
        assertEquals(List.of(), rec.open(), "closing the operator frees every model");
    }

    @Test
    void aModelThatCannotLoadOrFailsItsCheckIsRefusedAndTheCameraKeepsItsModel() throws Exception {
        Recording rec = Recording.create();
        String missing = dir.resolve("no-such-model").toString();
        try (var h = harness(settings().batchSize(1).build(), rec)) {
            h.open();
            h.processElement2(setting("c", "{\"model\": \"" + second + "\", \"top\": 3}"));
            h.processElement1(at("c", 1));
            h.processElement2(setting("c", "{\"model\": \"" + missing + "\", \"top\": 1}"));
            h.processElement1(at("c", 2));
            h.processElement2(setting("c", "{\"model\": \"" + broken + "\"}"));
            h.processElement1(at("c", 3));
            h.processElement1(at("d", 1));
            List<ProposalRecord> out = h.extractOutputValues();
            assertEquals(List.of("c#1 second", "c#2 second", "c#3 second", "d#1 tiny-test"), records(h));
            assertEquals(3, out.get(1).proposals.length, "the refused record's top did not apply either");
            List<String> refused = refusals(h);
            assertEquals(2, refused.size(), refused.toString());
            assertTrue(refused.get(0).startsWith("c: model " + missing + " cannot be used: "), refused.get(0));
            assertTrue(refused.get(0).contains("no such model directory or file"), refused.get(0));
            assertTrue(refused.get(1).startsWith("c: model " + broken + " cannot be used: model broken ("),
                    refused.get(1));
            assertTrue(refused.get(1).contains("cannot run: warm-up inference on a blank")
                    && refused.get(1).endsWith("this model is broken on purpose"), refused.get(1));
            var dead = h.getSideOutput(ProposalOperator.SETTINGS_DEAD_LETTERS).peek().getValue();
            assertEquals("{\"model\": \"" + missing + "\", \"top\": 1}", dead.value(), "the record as it was written");
            assertEquals(List.of(JOB, "second"), rec.open(), "the broken model was closed after its check");

            Files.createDirectories(Path.of(missing));
            Files.copy(Path.of(third, "model.json"), Path.of(missing, "model.json"));
            Files.copy(Path.of(third, "model.params"), Path.of(missing, "model.params"));
            h.processElement2(model("c", missing)); // named again: tried again
            h.processElement1(at("c", 4));
            assertEquals("c#4 third", records(h).get(4));
        }
    }

    @Test
    void everySubtaskChecksTheModelAndOnlyTheFirstSendsTheDeadLetter() throws Exception {
        ProposalSettings s = settings().batchSize(1).build();
        for (int i = 0; i < 2; i++) {
            String camera = cameraOf(i);
            try (var h = new KeyedTwoInputStreamOperatorTestHarness<>(new ProposalOperator(s, Recording.create(),
                    WallClock.SYSTEM), (Frame f) -> f.cameraId, CameraSettingsUpdate::cameraId,
                    org.apache.flink.api.common.typeinfo.Types.STRING, 128, 2, i)) {
                h.open();
                h.processElement2(model(camera, second));
                h.processElement2(model(camera, broken));
                assertEquals(i == 0 ? List.of(camera) : List.of(), refusals(h).stream()
                        .map(r -> r.substring(0, r.indexOf(':'))).toList(), "subtask " + i);
                h.processElement1(at(camera, 1));
                assertEquals(List.of(camera + "#1 second"), records(h), "subtask " + i);
            }
        }
    }

    /** A camera whose frames subtask {@code index} of 2 owns. */
    private static String cameraOf(int index) {
        for (int n = 0; ; n++) {
            if (org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignKeyToParallelOperator("cam-" + n, 128, 2)
                    == index) {
                return "cam-" + n;
            }
        }
    }

    @Test
    void afterARestoreEachCamerasModelIsLoadedAgainAndOneGoneMissingFallsBackToTheJobsModel() throws Exception {
        Path gone = dir.resolve("gone");
        Files.createDirectories(gone);
        Files.copy(Path.of(third, "model.json"), gone.resolve("model.json"));
        Files.copy(Path.of(third, "model.params"), gone.resolve("model.params"));
        OperatorSubtaskState snapshot;
        try (var h = harness(settings().batchSize(1).build())) {
            h.open();
            h.processElement2(model("c", Path.of(second).toUri().toString())); // a file: URI
            h.processElement2(model("e", gone.toString()));
            h.processElement1(at("c", 1));
            h.processElement1(at("e", 1));
            assertEquals(List.of("c#1 second", "e#1 third"), records(h));
            h.prepareSnapshotPreBarrier(1);
            snapshot = h.snapshot(1, 1);
        }
        Files.delete(gone.resolve("model.params"));
        Recording rec = Recording.create();
        try (var h = harness(settings().batchSize(1).build(), rec)) {
            h.setup();
            h.initializeState(snapshot);
            h.open();
            assertEquals(List.of(JOB), rec.open(), "models are not state: only the job's loads at open");
            h.processElement1(at("c", 2));
            h.processElement1(at("e", 2));
            h.processElement1(at("e", 3));
            assertEquals(List.of("c#2 second", "e#2 tiny-test", "e#3 tiny-test"), records(h),
                    "c's model loads again; e's is gone, so the job's makes its records");
            assertEquals(0, rec.loads("third"), "e's model never loaded");
            assertEquals(List.of(), refusals(h), "no settings record to refuse: a warning says it");
        }
    }

    @Test
    void aModelOnAnotherFileSystemIsCopiedToALocalDirectoryFirst() throws Exception {
        Path target = Files.createTempDirectory(dir, "copy");
        ModelLocation.copyDirectory(Path.of(second).toUri(), target);
        assertEquals("second", ProposalModel.readConfig(target).modelId);
        assertTrue(Files.size(target.resolve("model.params")) > 0);
        assertFalse(ModelLocation.remote("/models/a"));
        assertFalse(ModelLocation.remote("file:///models/a"));
        assertTrue(ModelLocation.remote("hdfs://namenode:8020/models/a"));
        assertTrue(ModelLocation.remote("s3://bucket/models/a"));
        assertEquals(Path.of("/models/a"), ModelLocation.localPath("file:///models/a"));
    }
}
