package io.vidprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.vidprop.adapt.AdaptReport;
import io.vidprop.broker.EmbeddedKafka;
import io.vidprop.camera.SettingsTopic;
import io.vidprop.job.ProposalJob;
import io.vidprop.job.ProposalJobOptions;
import io.vidprop.kafka.FrameRecords;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.operators.ProposalSettings;
import io.vidprop.model.ProposalModel;
import io.vidprop.replay.ReplayOptions;
import io.vidprop.replay.ReplayRate;
import io.vidprop.replay.VideoReplayer;
import io.vidprop.settings.CameraSettings;
import io.vidprop.testing.SyntheticClips;
import io.vidprop.testing.TestFootage;
import io.vidprop.testing.TestModels;
import io.vidprop.testing.TopicReader;
import io.vidprop.video.VideoSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vidprop adapt --camera} against Kafka's own broker: a camera's frames on the frames topic (testkit's real
 * 60-frame clip as cam-A, a synthetic clip as cam-B, replayed as {@code vidprop replay} publishes them) are spooled,
 * adapted to, and the model is applied on the settings topic.
 */
class AdaptStreamTest {
    static final String FRAMES = "adapt-frames";
    static final long EPOCH = 1_700_000_000_000L;
    static EmbeddedKafka kafka;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(2, FRAMES);
        Path clip = TestFootage.clip(tmp);
        Path noise = SyntheticClips.write(tmp.resolve("noise.mp4"), 3, 60, 10, 320, 180);
        // Both cameras 60 frames at 10 frames/s, interleaved on the topic's two partitions.
        new VideoReplayer(ReplayOptions.builder().bootstrapServers(kafka.bootstrapServers()).framesTopic(FRAMES)
                .videos(VideoSource.of(List.of(clip, noise), List.of("cam-A", "cam-B"))).rate(ReplayRate.MAX)
                .epochMillis(EPOCH).build(), new PrintStream(new ByteArrayOutputStream())).run();
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    /** Runs vidprop with the broker's address; stderr (the spool's progress) is captured too. */
    static Result vidprop(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers()));
        PrintStream savedErr = System.err;
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(progress, true, StandardCharsets.UTF_8));
            code = Vidprop.commandLine().setErr(new PrintWriter(err, true)).setOut(new PrintWriter(out, true))
                    .execute(all.toArray(new String[0]));
        } finally {
            System.setErr(savedErr);
        }
        String stderr = progress.toString(StandardCharsets.UTF_8) + err;
        savedErr.print(stderr);
        return new Result(code, out.toString(), stderr.trim());
    }

    /** A short, cheap adaptation: two fine-tuning steps, no synthetic check. */
    static final List<String> CHEAP = List.of("--steps", "2", "--batch-size", "2", "--synthetic-check", "0",
            "--warmup-frames", "10", "--from-earliest", "--frames-topic", FRAMES);

    static String[] args(String... specific) {
        List<String> all = new ArrayList<>(List.of("adapt"));
        all.addAll(List.of(specific));
        all.addAll(CHEAP);
        return all.toArray(new String[0]);
    }

    static Properties client() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        return p;
    }

    @Test
    void aCamerasFramesAreSpooledAdaptedToAndItsModelIsApplied() throws Exception {
        Path out = dir.resolve("models");
        Path spool = dir.resolve("spool");
        // 5.5 s of capture time at 10 frames/s: frames 0 to 54; frame 55 ends the camera.
        Result r = vidprop(args("--camera", "cam-A", "--duration", "5.5", "--out", out.toString(), "--apply",
                "--settings-topic", "adapt-settings", "--spool-dir", spool.toString()));
        assertEquals(0, r.code(), r.err());
        Path model = out.resolve("cam-A");
        String report = Files.readString(model.resolve(AdaptReport.FILE_NAME));
        assertTrue(report.contains("- camera `cam-A`: 55 frames from the frames topic (sequences 0 to 54"), report);
        assertTrue(report.contains("| proposals | recall@0.5 before | after |"), report);
        try (ProposalModel m = ProposalModel.load(model, Device.cpu())) {
            assertEquals("vidprop-rpn-cam-a", m.modelId());
            JsonArray footage = m.config().metadata.getAsJsonArray("footage");
            assertEquals(1, footage.size());
            JsonObject f = footage.get(0).getAsJsonObject();
            assertEquals("cam-A", f.get("camera").getAsString());
            assertEquals(55, f.get("frames").getAsInt(), "only cam-A's frames, as far as the duration goes");
            assertEquals(55, f.get("framesRead").getAsInt(), "the spooled video holds each of them once");
            assertEquals("duration", f.get("readingEndedBy").getAsString());
            assertFalse(f.has("video"), "the spool is gone");
        }
        assertTrue(r.err().contains("spooling: cam-A 55 frames (done)"), r.err());
        try (Stream<Path> left = Files.list(spool)) {
            assertEquals(List.of(), left.flatMap(d -> {
                try {
                    return Files.list(d);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList(), "the spool is deleted");
        }
        Map<String, CameraSettings> settings = new SettingsTopic("adapt-settings", client()).readAll();
        assertEquals(model.toAbsolutePath().toString(), settings.get("cam-A").model());
        assertNull(settings.get("cam-B"), "only the adapted camera's settings are written");
        assertTrue(r.out().contains("applied: camera cam-A's model is " + model.toAbsolutePath()), r.out());
    }

    @Test
    void aSiteModelIsTrainedOnEveryCamerasFootageWithATablePerCamera() throws Exception {
        Path out = dir.resolve("site");
        Result r = vidprop(args("--camera", "cam-A,cam-B", "--site", "--duration", "4", "--out", out.toString(),
                "--keep-spool"));
        assertEquals(0, r.code(), r.err());
        String report = Files.readString(out.resolve(AdaptReport.FILE_NAME));
        assertTrue(report.contains("Camera `cam-A`, its held-out tail:"), report);
        assertTrue(report.contains("Camera `cam-B`, its held-out tail:"), report);
        try (ProposalModel m = ProposalModel.load(out, Device.cpu())) {
            JsonArray footage = m.config().metadata.getAsJsonArray("footage");
            assertEquals(2, footage.size());
            for (int i = 0; i < 2; i++) {
                JsonObject f = footage.get(i).getAsJsonObject();
                assertEquals(i == 0 ? "cam-A" : "cam-B", f.get("camera").getAsString());
                assertEquals(40, f.get("frames").getAsInt());
                assertTrue(Files.isRegularFile(Path.of(f.get("video").getAsString())), "--keep-spool keeps it");
            }
        }
        assertFalse(Files.exists(out.resolve("cam-A")), "one model for the site");
    }

    @Test
    void aCameraWithoutFramesOrAMissingTopicIsAClearError() {
        Result none = vidprop(args("--camera", "cam-X", "--duration", "1", "--idle-timeout", "1", "--out",
                dir.resolve("x").toString()));
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("vidprop adapt: no frames of camera cam-X on topic " + FRAMES + " within 1 s; "
                + "cameras whose frames were read: cam-A, cam-B"), none.err());
        Result topic = vidprop("adapt", "--camera", "cam-A", "--duration", "1", "--frames-topic", "no-such-topic",
                "--out", dir.resolve("y").toString());
        assertEquals(2, topic.code(), topic.err());
        assertTrue(topic.err().contains("vidprop adapt: the frames topic no-such-topic does not exist on "
                + kafka.bootstrapServers()), topic.err());
        Result both = vidprop("adapt", "--camera", "cam-A", "--video", "x.mp4", "--out", "z");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("not both"), both.err());
        Result noDuration = vidprop("adapt", "--camera", "cam-A", "--out", "z");
        assertTrue(noDuration.err().contains("--camera needs --duration S"), noDuration.err());
    }

    /**
     * The whole loop against a running job: two live cameras publish to the frames topic while the job makes their
     * proposals with its model; {@code adapt --camera cam-A --apply} reads cam-A's new frames, adapts and sets its
     * model; from one frame on, cam-A's records carry the adapted model's id, cam-B's keep the job's, and every frame
     * has exactly one record.
     */
    @Test
    void aRunningJobSwitchesTheAdaptedCameraFromOneFrameOnAndKeepsEveryFrame() throws Exception {
        String name = "live";
        kafka.createTopics(1, name + "-frames", name + "-proposals", name + "-dead", name + "-settings",
                name + "-settings-dead", name + "-events");
        Path jobModel = TestModels.tinyRandom(tmp.resolve("job-model"), "test-random");
        Map<String, List<byte[]>> clips = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.read(kafka.bootstrapServers(), FRAMES, 120, false,
                Duration.ofSeconds(30))) {
            clips.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r.value());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        ProposalJob.build(env, ProposalJobOptions.builder().bootstrapServers(kafka.bootstrapServers())
                .framesTopic(name + "-frames").proposalsTopic(name + "-proposals").deadLetterTopic(name + "-dead")
                .settingsTopic(name + "-settings").settingsDeadLetterTopic(name + "-settings-dead")
                .eventsTopic(name + "-events").groupId(name).transactionalIdPrefix(name).parallelism(1)
                .checkpointIntervalMillis(500)
                .proposals(ProposalSettings.builder().modelPath(jobModel.toString()).batchSize(4).maxWaitMillis(20)
                        .inferenceThread(true).build())
                .build());
        JobClient job = env.executeAsync(name);
        // Two live cameras at up to 10 frames/s each, capture times from the wall clock, cam-A looping the real clip.
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean live = new AtomicBoolean(true);
        Thread cameras = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (long seq = 0; live.get(); seq++) {
                    for (String camera : List.of("cam-A", "cam-B")) {
                        List<byte[]> clip = clips.get(camera);
                        producer.send(FrameRecords.toRecord(name + "-frames", camera, seq,
                                System.currentTimeMillis(), clip.get((int) (seq % clip.size())))).get();
                        sent.add(camera + "#" + seq);
                    }
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "cameras");
        cameras.start();
        try {
            Path out = dir.resolve("live-models");
            Result r = vidprop("adapt", "--camera", "cam-A", "--duration", "5", "--frames-topic", name + "-frames",
                    "--out", out.toString(), "--apply", "--settings-topic", name + "-settings", "--model",
                    jobModel.toString(), "--steps", "2", "--batch-size", "2", "--synthetic-check", "0",
                    "--warmup-frames", "10");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains("reading cam-A from topic live-frames (new frames only) for 5 s"), r.err());
            String adapted = "vidprop-rpn-cam-a";
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!records(name).containsValue(adapted)) {
                assertTrue(System.nanoTime() < deadline, "no record of cam-A's adapted model within 2 minutes");
                Thread.sleep(500);
            }
            Thread.sleep(1000);
            live.set(false);
            cameras.join();
            List<ConsumerRecord<byte[], byte[]>> all = TopicReader.read(kafka.bootstrapServers(),
                    name + "-proposals", sent.size(), true, Duration.ofMinutes(2));
            Map<String, String> modelOf = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> rec : all) {
                ProposalRecord p = ProposalRecord.fromJson(new String(rec.value(), StandardCharsets.UTF_8));
                assertNull(modelOf.put(p.cameraId + "#" + p.sequence, p.modelId), p.cameraId + "#" + p.sequence
                        + " twice");
            }
            assertEquals(new java.util.TreeSet<>(sent), modelOf.keySet(), "every frame one record");
            long frames = sent.size() / 2;
            int switchedAt = -1;
            for (int seq = 0; seq < frames; seq++) {
                assertEquals("test-random", modelOf.get("cam-B#" + seq), "cam-B keeps the job's model");
                String a = modelOf.get("cam-A#" + seq);
                if (switchedAt < 0 && a.equals(adapted)) {
                    switchedAt = seq;
                }
                assertEquals(switchedAt < 0 ? "test-random" : adapted, a, "cam-A#" + seq + ": from one frame on, "
                        + "its adapted model");
            }
            long lastSpooled;
            try (ProposalModel m = ProposalModel.load(out.resolve("cam-A"), Device.cpu())) {
                lastSpooled = m.config().metadata.getAsJsonArray("footage").get(0).getAsJsonObject()
                        .get("lastSequence").getAsLong();
            }
            assertTrue(switchedAt > lastSpooled, "the adapted model came after the frames it was made from: frame "
                    + switchedAt + ", last spooled " + lastSpooled);
        } finally {
            live.set(false);
            cameras.join();
            job.cancel().get();
        }
    }

    /** The model id of each committed proposal record, by camera#sequence. */
    private static Map<String, String> records(String name) {
        Map<String, String> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.read(kafka.bootstrapServers(), name + "-proposals",
                Integer.MAX_VALUE, true, Duration.ofMillis(500))) {
            ProposalRecord p = ProposalRecord.fromJson(new String(r.value(), StandardCharsets.UTF_8));
            out.put(p.cameraId + "#" + p.sequence, p.modelId);
        }
        return out;
    }
}
