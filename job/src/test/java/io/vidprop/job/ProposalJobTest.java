package io.vidprop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.Device;
import io.vidprop.decode.DecodedFrame;
import io.vidprop.decode.FrameDecoder;
import io.vidprop.decode.PixelFormat;
import io.vidprop.broker.EmbeddedKafka;
import io.vidprop.image.RgbImage;
import io.vidprop.kafka.Frame;
import io.vidprop.kafka.FrameHeaders;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.model.ProposalModel;
import io.vidprop.operators.ProposalSettings;
import io.vidprop.rpn.Proposals;
import io.vidprop.synth.Images;
import io.vidprop.synth.SceneConfig;
import io.vidprop.synth.SyntheticVideo;
import io.vidprop.testing.TestModels;
import io.vidprop.testing.TopicReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job end to end: Kafka's own broker on loopback, a Flink local cluster, real JPEG decoding; its proposal
 * records checked against the published JSON Schema.
 */
class ProposalJobTest {
    static EmbeddedKafka kafka;
    @TempDir
    static Path tmp;
    static Path modelDir;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        modelDir = TestModels.tinyRandom(tmp.resolve("model"), "test-random");
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    static byte[] jpeg(RgbImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(Images.toBufferedImage(image), "jpg", out);
        return out.toByteArray();
    }

    record Sent(String camera, long sequence, byte[] bytes, PixelFormat rawFormat) {
        Sent(String camera, long sequence, byte[] jpeg) {
            this(camera, sequence, jpeg, null);
        }
    }

    static List<Sent> produceFrames(String topic, int perCamera, String... cameras) throws Exception {
        List<Sent> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int c = 0; c < cameras.length; c++) {
                SyntheticVideo video = new SyntheticVideo(100 + c, SceneConfig.builder().size(640, 360).build());
                for (int i = 0; i < perCamera; i++) {
                    byte[] bytes = jpeg(video.frame(i).image());
                    producer.send(frame(topic, cameras[c], i, 1000L * i, bytes)).get();
                    sent.add(new Sent(cameras[c], i, bytes));
                }
            }
        }
        return sent;
    }

    static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new ByteArraySerializer(), new ByteArraySerializer());
    }

    static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, int expected, Duration timeout) {
        return TopicReader.read(kafka.bootstrapServers(), topic, expected, true, timeout);
    }

    static final int BATCH = 4;

    /**
     * Padded batches: PyTorch rounds the last bits differently for different batch sizes, enough to swap proposals
     * whose scores nearly tie; with every batch of the same shape the job's proposals equal {@link #direct}'s exactly.
     */
    /**
     * Cancels the job, unless it already ended: a local environment's MiniCluster shuts down with its job, and
     * cancelling then throws, hiding whatever the test itself failed on; the job's own failure is printed instead.
     */
    static void cancel(JobClient job) throws Exception {
        java.util.concurrent.CompletableFuture<?> result = job.getJobExecutionResult();
        if (result.isDone()) {
            try {
                result.get();
            } catch (java.util.concurrent.ExecutionException e) {
                System.err.println("the job ended before the test cancelled it:");
                e.getCause().printStackTrace();
            }
            return;
        }
        job.cancel().get();
    }

    static JobClient startJob(String name, UnaryOperatorSplice splice, long maxPixels) throws Exception {
        return startJob(name, splice, ProposalSettings.builder().modelPath(modelDir.toString()).batchSize(BATCH)
                .maxWaitMillis(20).maxPixels(maxPixels).padBatches(true).build());
    }

    static JobClient startJob(String name, UnaryOperatorSplice splice, ProposalSettings settings) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        ProposalJobOptions options = ProposalJobOptions.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .framesTopic(name + "-frames")
                .proposalsTopic(name + "-proposals")
                .deadLetterTopic(name + "-dead")
                .settingsTopic(name + "-settings")
                .settingsDeadLetterTopic(name + "-settings-dead")
                .eventsTopic(name + "-events")
                .groupId(name)
                .transactionalIdPrefix(name)
                .parallelism(2)
                .checkpointIntervalMillis(500)
                .proposals(settings)
                .build();
        ProposalJob.build(env, options, splice::apply);
        return env.executeAsync(name);
    }

    interface UnaryOperatorSplice extends java.io.Serializable {
        org.apache.flink.streaming.api.datastream.DataStream<Frame> apply(
                org.apache.flink.streaming.api.datastream.DataStream<Frame> in);
    }

    /** What the model proposes for these bytes when called directly, in the frame's coordinates. */
    static Map<String, float[][]> direct(List<Sent> sent) throws Exception {
        Map<String, float[][]> out = new HashMap<>();
        try (ProposalModel model = ProposalModel.load(modelDir, Device.cpu())) {
            FrameDecoder decoder = new FrameDecoder(ProposalSettings.DEFAULT_MAX_PIXELS,
                    model.config().input.minSize, model.config().input.maxSize);
            for (Sent s : sent) {
                DecodedFrame d = s.rawFormat() == null ? decoder.decode(s.bytes())
                        : decoder.decodeRaw(s.bytes(), 640, 360, s.rawFormat());
                // The same batch shape as the job's padded batches.
                List<RgbImage> batch = new ArrayList<>(List.of(d.image()));
                while (batch.size() < BATCH) {
                    batch.add(new RgbImage(d.image().width(), d.image().height(), new byte[d.image().pixels().length]));
                }
                Proposals p = model.propose(batch).get(0);
                float[][] rows = new float[p.size()][];
                for (int i = 0; i < p.size(); i++) {
                    rows[i] = new float[] {p.x1(i) * d.scaleX(), p.y1(i) * d.scaleY(), p.x2(i) * d.scaleX(),
                            p.y2(i) * d.scaleY(), p.score(i)};
                }
                out.put(s.camera() + "#" + s.sequence(), rows);
            }
        }
        return out;
    }

    /** A 640x360 raw frame with the headers the frame contract asks for. */
    static ProducerRecord<byte[], byte[]> rawFrame(String topic, String camera, long sequence, byte[] pixels,
            int height, String pixelFormat) {
        ProducerRecord<byte[], byte[]> r = frame(topic, camera, sequence, 1000L * sequence, pixels);
        r.headers().add(FrameHeaders.FORMAT, "raw".getBytes(StandardCharsets.UTF_8));
        r.headers().add(FrameHeaders.WIDTH, "640".getBytes(StandardCharsets.UTF_8));
        r.headers().add(FrameHeaders.HEIGHT, Integer.toString(height).getBytes(StandardCharsets.UTF_8));
        r.headers().add(FrameHeaders.PIXEL_FORMAT, pixelFormat.getBytes(StandardCharsets.UTF_8));
        return r;
    }

    static byte[] bgr(byte[] rgb) {
        byte[] out = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i += 3) {
            out[i] = rgb[i + 2];
            out[i + 1] = rgb[i + 1];
            out[i + 2] = rgb[i];
        }
        return out;
    }

    @Test
    void everyFrameBecomesOneProposalRecordEqualToDirectInferenceAndBadFramesBecomeDeadLetters() throws Exception {
        String name = "e2e";
        kafka.createTopics(2, name + "-frames");
        kafka.createTopics(1, name + "-proposals", name + "-dead");
        List<Sent> sent = produceFrames(name + "-frames", 6, "cam-a", "cam-b");
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            byte[] key = "cam-bad".getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(name + "-frames", key, new byte[0])).get();
            producer.send(new ProducerRecord<>(name + "-frames", key, "not an image".getBytes())).get();
            producer.send(new ProducerRecord<>(name + "-frames", key, jpeg(new SyntheticVideo(9,
                    SceneConfig.builder().size(1280, 720).build()).frame(0).image()))).get();
            // No headers at all: offsets stand in for sequence numbers.
            producer.send(new ProducerRecord<>(name + "-frames", "cam-plain".getBytes(StandardCharsets.UTF_8),
                    sent.get(0).bytes())).get();
            // A replay of cam-a's frame 2 (same number, same capture time): dropped and counted.
            producer.send(frame(name + "-frames", "cam-a", 2, 2000L, sent.get(2).bytes())).get();
            // Raw pixels: rgb24 and bgr24 frames are processed; one whose headers disagree with its size is not.
            SyntheticVideo rawVideo = new SyntheticVideo(7, SceneConfig.builder().size(640, 360).build());
            byte[] rgb0 = rawVideo.frame(0).image().pixels();
            byte[] bgr1 = bgr(rawVideo.frame(1).image().pixels());
            producer.send(rawFrame(name + "-frames", "cam-raw", 0, rgb0, 360, "rgb24")).get();
            producer.send(rawFrame(name + "-frames", "cam-raw", 1, bgr1, 360, "bgr24")).get();
            producer.send(rawFrame(name + "-frames", "cam-raw", 2, rgb0, 359, "rgb24")).get();
            sent.add(new Sent("cam-raw", 0, rgb0, PixelFormat.RGB24));
            sent.add(new Sent("cam-raw", 1, rawVideo.frame(1).image().pixels(), PixelFormat.RGB24));
        }
        JobClient job = startJob(name, in -> in, 640L * 360);
        try {
            List<ConsumerRecord<byte[], byte[]>> proposals = readCommitted(name + "-proposals", 15, Duration.ofSeconds(120));
            List<ConsumerRecord<byte[], byte[]>> dead = readCommitted(name + "-dead", 4, Duration.ofSeconds(30));
            assertEquals(15, proposals.size(), "one proposal record per good frame");
            Map<String, float[][]> expected = direct(sent);
            Map<String, ProposalRecord> byFrame = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : proposals) {
                String json = new String(r.value(), StandardCharsets.UTF_8);
                // Every record the job emits is valid against the published JSON Schema.
                ProposalRecordSchema.assertValid(json);
                ProposalRecord p = ProposalRecord.fromJson(json);
                assertEquals(p.cameraId, new String(r.key(), StandardCharsets.UTF_8));
                byFrame.put(p.cameraId + "#" + p.sequence, p);
            }
            assertEquals(15, byFrame.size(), "no frame twice: " + byFrame.keySet());
            // ... and the same schema rejects such a record once broken.
            String withProposals = proposals.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .filter(json -> ProposalRecord.fromJson(json).proposals.length > 0).findFirst().orElseThrow();
            ProposalRecordSchema.assertRejectsBrokenVariantsOf(withProposals);
            for (Sent s : sent) {
                ProposalRecord p = byFrame.get(s.camera() + "#" + s.sequence());
                assertEquals(640, p.width);
                assertEquals(360, p.height);
                assertEquals(1000L * s.sequence(), p.captureTimestamp);
                assertEquals("test-random", p.modelId);
                assertEquals(0, p.framesShedBefore, "no staleness limit, nothing shed, however old the frame");
                assertSameProposals(s.camera() + "#" + s.sequence(), expected.get(s.camera() + "#" + s.sequence()), p.proposals);
            }
            assertTrue(byFrame.keySet().stream().anyMatch(k -> k.startsWith("cam-plain#")), byFrame.keySet().toString());
            List<String> reasons = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : dead) {
                reasons.add(new String(r.headers().lastHeader(FrameHeaders.ERROR).value(), StandardCharsets.UTF_8));
            }
            // Two cameras' dead letters may interleave (they can be on different subtasks): compare sorted.
            reasons.sort(null);
            assertEquals(List.of("empty frame: no image bytes",
                    "unrecognised image format (first bytes 6e6f7420616e2069); expected JPEG, PNG, BMP or WebP",
                    "frame of 1280x720 (921600 pixels) is over the limit of 230400 pixels",
                    "raw rgb24 frame of 640x359 needs 689280 bytes, got 691200").stream().sorted().toList(), reasons);
        } finally {
            cancel(job);
        }
    }

    static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();

    /** Throws once, after some frames went through, to make the job restart from its last checkpoint. */
    static final class FailOnce implements MapFunction<Frame, Frame> {
        private int seen;

        @Override
        public Frame map(Frame f) throws Exception {
            if (++seen == 9 && FAILED_ONCE.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure");
            }
            return f;
        }
    }

    @Test
    void aFailureMidStreamStillGivesExactlyOneRecordPerFrame() throws Exception {
        String name = "failover";
        kafka.createTopics(2, name + "-frames");
        kafka.createTopics(1, name + "-proposals", name + "-dead");
        List<Sent> sent = produceFrames(name + "-frames", 10, "cam-1", "cam-2", "cam-3");
        // Inference in its own thread (forced, whatever the cores), so exactly once is checked with batches in flight.
        JobClient job = startJob(name, in -> in.map(new FailOnce()).name("fail once"), ProposalSettings.builder()
                .modelPath(modelDir.toString()).batchSize(4).maxWaitMillis(20).inferenceThread(true)
                .build());
        try {
            List<ConsumerRecord<byte[], byte[]>> proposals = readCommitted(name + "-proposals", 30, Duration.ofSeconds(120));
            assertTrue(FAILED_ONCE.get(), "the failure was injected");
            Map<String, Integer> counts = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : proposals) {
                ProposalRecord p = ProposalRecord.fromJson(new String(r.value(), StandardCharsets.UTF_8));
                counts.merge(p.cameraId + "#" + p.sequence, 1, Integer::sum);
            }
            assertEquals(30, counts.size(), "every frame: " + counts.keySet());
            counts.forEach((k, v) -> assertEquals(1, v, k + " emitted " + v + " times"));
            assertEquals(sent.size(), proposals.size());
        } finally {
            cancel(job);
        }
    }

    @Test
    void withAStalenessLimitOldFramesAreShedAndCountedInTheirCamerasNextRecord() throws Exception {
        String name = "shed";
        kafka.createTopics(2, name + "-frames");
        kafka.createTopics(1, name + "-proposals", name + "-dead");
        // Captured in 1970 (stale) or an hour from now (fresh however slow this machine is).
        long stale = 1000;
        long fresh = System.currentTimeMillis() + 3_600_000;
        byte[] bytes = jpeg(new SyntheticVideo(7, SceneConfig.builder().size(320, 180).build()).frame(0).image());
        long[] liveCaptured = {stale, stale, stale, stale, fresh, fresh, stale, stale, fresh};
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < liveCaptured.length; i++) {
                producer.send(frame(name + "-frames", "cam-live", i, liveCaptured[i], bytes)).get();
            }
            producer.send(frame(name + "-frames", "cam-other", 0, stale, bytes)).get();
            producer.send(frame(name + "-frames", "cam-other", 1, fresh, bytes)).get();
        }
        // The model in a thread of its own: shed counts and watermarks then wait for the batches running before them.
        JobClient job = startJob(name, in -> in, ProposalSettings.builder().modelPath(modelDir.toString())
                .batchSize(4).maxWaitMillis(20).maxFrameAgeMillis(60_000).inferenceThread(true)
                .build());
        try {
            List<ConsumerRecord<byte[], byte[]>> proposals = readCommitted(name + "-proposals", 4, Duration.ofSeconds(120));
            Map<String, Long> shedBefore = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : proposals) {
                ProposalRecord p = ProposalRecord.fromJson(new String(r.value(), StandardCharsets.UTF_8));
                shedBefore.put(p.cameraId + "#" + p.sequence, p.framesShedBefore);
            }
            assertEquals(4, proposals.size(), "only the fresh frames: " + shedBefore);
            assertEquals(Map.of("cam-live#4", 4L, "cam-live#5", 0L, "cam-live#8", 2L, "cam-other#1", 1L), shedBefore);
            assertTrue(readCommitted(name + "-dead", 0, Duration.ZERO).isEmpty(), "shed frames are not dead letters");
        } finally {
            cancel(job);
        }
    }

    static ProducerRecord<byte[], byte[]> frame(String topic, String camera, long sequence, long captured,
            byte[] bytes) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, camera.getBytes(StandardCharsets.UTF_8), bytes);
        r.headers().add(FrameHeaders.SEQUENCE, Long.toString(sequence).getBytes(StandardCharsets.UTF_8));
        r.headers().add(FrameHeaders.CAPTURE_TIMESTAMP, Long.toString(captured).getBytes(StandardCharsets.UTF_8));
        return r;
    }

    static void assertSameProposals(String what, float[][] expected, float[][] actual) {
        assertEquals(expected.length, actual.length, what + ": proposal count");
        for (int i = 0; i < expected.length; i++) {
            for (int k = 0; k < 5; k++) {
                if (!(Math.abs(expected[i][k] - actual[i][k]) <= 1e-3f)) {
                    fail(what + ": proposal " + i + " value " + k + " expected " + expected[i][k] + " but was "
                            + actual[i][k]);
                }
            }
        }
    }

    static ProducerRecord<byte[], byte[]> setting(String topic, String camera, String json) {
        return new ProducerRecord<>(topic, camera.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCamerasSettingsChangeItsRecordsFromItsNextFrameWhileTheJobRuns() throws Exception {
        String name = "settings";
        kafka.createTopics(1, name + "-frames", name + "-proposals", name + "-dead", name + "-settings",
                name + "-settings-dead");
        List<Sent> sent = produceFrames(name + "-frames", 3, "cam-a");
        JobClient job = startJob(name, in -> in, 640L * 360);
        try {
            List<ConsumerRecord<byte[], byte[]>> before = readCommitted(name + "-proposals", 3, Duration.ofSeconds(120));
            assertEquals(3, before.size());
            Map<String, float[][]> expected = direct(sent);
            float[][] first = expected.get("cam-a#0");
            float minScore = first[first.length / 4][4];
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                producer.send(setting(name + "-settings", "cam-a", "{\"top\": 2, \"minScore\": " + minScore
                        + ", \"exclude\": [[0, 0, 320, 0, 320, 360, 0, 360]]}")).get();
                producer.send(setting(name + "-settings", "cam-b", "{\"top\": \"many\"}")).get();
            }
            // The refused value comes after the good one on the settings topic's one partition: once its dead
            // letter is committed, the operator holds cam-a's new settings.
            List<ConsumerRecord<byte[], byte[]>> refused = readCommitted(name + "-settings-dead", 1,
                    Duration.ofSeconds(60));
            assertEquals(1, refused.size());
            assertEquals("top must be a whole number", new String(refused.get(0).headers()
                    .lastHeader(FrameHeaders.ERROR).value(), StandardCharsets.UTF_8));
            List<Sent> after = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                for (int i = 3; i < 6; i++) {
                    Sent s = sent.get(i % 3);
                    producer.send(frame(name + "-frames", "cam-a", i, 1000L * i, s.bytes())).get();
                    after.add(new Sent("cam-a", i, s.bytes()));
                }
            }
            List<ConsumerRecord<byte[], byte[]>> all = readCommitted(name + "-proposals", 6, Duration.ofSeconds(120));
            assertEquals(6, all.size());
            Map<String, float[][]> expectedAfter = direct(after);
            for (ConsumerRecord<byte[], byte[]> r : all) {
                ProposalRecord p = ProposalRecord.fromJson(new String(r.value(), StandardCharsets.UTF_8));
                float[][] unfiltered = p.sequence < 3 ? expected.get("cam-a#" + p.sequence)
                        : expectedAfter.get("cam-a#" + p.sequence);
                List<float[]> want = new ArrayList<>();
                for (float[] box : unfiltered) {
                    boolean keep = p.sequence < 3 || (box[4] >= minScore && (box[0] + box[2]) / 2 > 320 && want.size() < 2);
                    if (keep) {
                        want.add(box);
                    }
                }
                assertSameProposals("cam-a#" + p.sequence, want.toArray(float[][]::new), p.proposals);
            }
        } finally {
            cancel(job);
        }
    }

    @Test
    void aCameraSwitchesToItsOwnModelFromItsNextFrameWhileTheOthersKeepTheJobsModel() throws Exception {
        String name = "camera-model";
        kafka.createTopics(1, name + "-frames", name + "-proposals", name + "-dead", name + "-settings",
                name + "-settings-dead");
        Path second = TestModels.tinyRandom(tmp.resolve("second-model"), "test-second");
        String missing = tmp.resolve("no-such-model").toString();
        List<Sent> sent = produceFrames(name + "-frames", 3, "cam-a", "cam-b");
        // The model in a thread of its own: the camera's model loads there while the task waits for it.
        JobClient job = startJob(name, in -> in, ProposalSettings.builder().modelPath(modelDir.toString())
                .batchSize(BATCH).maxWaitMillis(20).inferenceThread(true).build());
        try {
            assertEquals(6, readCommitted(name + "-proposals", 6, Duration.ofSeconds(120)).size());
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                producer.send(setting(name + "-settings", "cam-a", "{\"model\": \"" + second + "\"}")).get();
                producer.send(setting(name + "-settings", "cam-b", "{\"model\": \"" + missing + "\"}")).get();
            }
            // cam-b's model cannot load: its record is refused, after cam-a's on the settings topic's one partition.
            List<ConsumerRecord<byte[], byte[]>> refused = readCommitted(name + "-settings-dead", 1,
                    Duration.ofSeconds(60));
            assertEquals(1, refused.size(), "one dead letter, from the first subtask only");
            assertEquals("cam-b", new String(refused.get(0).key(), StandardCharsets.UTF_8));
            String reason = new String(refused.get(0).headers().lastHeader(FrameHeaders.ERROR).value(),
                    StandardCharsets.UTF_8);
            assertTrue(reason.startsWith("model " + missing + " cannot be used: "), reason);
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                for (int i = 3; i < 6; i++) {
                    for (String camera : List.of("cam-a", "cam-b")) {
                        producer.send(frame(name + "-frames", camera, i, 1000L * i, sent.get(i % 3).bytes())).get();
                    }
                }
            }
            List<ConsumerRecord<byte[], byte[]>> all = readCommitted(name + "-proposals", 12, Duration.ofSeconds(120));
            Map<String, String> modelOf = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : all) {
                ProposalRecord p = ProposalRecord.fromJson(new String(r.value(), StandardCharsets.UTF_8));
                String before = modelOf.put(p.cameraId + "#" + p.sequence, p.modelId);
                assertEquals(null, before, p.cameraId + "#" + p.sequence + " twice");
            }
            Map<String, String> expected = new TreeMap<>();
            for (int i = 0; i < 6; i++) {
                expected.put("cam-a#" + i, i < 3 ? "test-random" : "test-second");
                expected.put("cam-b#" + i, "test-random");
            }
            assertEquals(expected, modelOf, "every frame one record, made by its camera's model at the time");
            assertEquals(12, all.size());
        } finally {
            cancel(job);
        }
    }

    static final AtomicBoolean EVENTS_FAILED = new AtomicBoolean();

    /** Throws once, at the second phase's third frame: after a checkpoint committed the first phase. */
    static final class FailInSecondPhase implements MapFunction<Frame, Frame> {
        @Override
        public Frame map(Frame f) throws Exception {
            if (f.sequence == 8 && EVENTS_FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure");
            }
            return f;
        }
    }

    /** A white block walking right over a dark 640x360 frame. */
    static byte[] walking(int f) throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(640, 360,
                java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(new java.awt.Color(30, 40, 50));
        g.fillRect(0, 0, 640, 360);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(20 + 40 * f, 120, 100, 150);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    /** Runs the tracking job over 12 frames in two phases; returns its committed events, one line each. */
    private List<String> zoneEvents(String name, UnaryOperatorSplice splice) throws Exception {
        kafka.createTopics(1, name + "-frames", name + "-proposals", name + "-dead", name + "-settings",
                name + "-settings-dead", name + "-events");
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(setting(name + "-settings", "cam-z", "{\"tracks\": {\"minScore\": 0}, \"top\": 30,"
                    + " \"zones\": [{\"name\": \"middle\", \"polygon\": [200, 0, 400, 0, 400, 360, 200, 360]}]}"))
                    .get();
            producer.send(setting(name + "-settings", "cam-refused", "{\"top\": \"many\"}")).get();
        }
        JobClient job = startJob(name, splice, ProposalSettings.builder().modelPath(modelDir.toString())
                .batchSize(2).maxWaitMillis(20).padBatches(true).inferenceThread(true).build());
        try {
            // The settings and frames sources run apart: frames sent before the operator holds cam-z's settings would
            // be tracked by no one. The refused record follows cam-z's on the settings topic's one partition, so once
            // its dead letter is committed, cam-z's settings are in place.
            assertEquals(1, readCommitted(name + "-settings-dead", 1, Duration.ofSeconds(60)).size());
            for (int phase = 0; phase < 2; phase++) {
                try (KafkaProducer<byte[], byte[]> producer = producer()) {
                    for (int f = 6 * phase; f < 6 * phase + 6; f++) {
                        producer.send(frame(name + "-frames", "cam-z", f, 1000L * f, walking(f))).get();
                    }
                }
                List<ConsumerRecord<byte[], byte[]>> records = readCommitted(name + "-proposals", 6 * phase + 6,
                        Duration.ofSeconds(120));
                assertEquals(6 * phase + 6, records.size());
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    String json = new String(r.value(), StandardCharsets.UTF_8);
                    assertTrue(json.contains("\"tracks\":["), json);
                    ProposalRecordSchema.assertValid(json);
                }
            }
            List<String> events = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : readCommitted(name + "-events", Integer.MAX_VALUE,
                    Duration.ofSeconds(5))) {
                String json = new String(r.value(), StandardCharsets.UTF_8);
                assertEquals(java.util.Set.of(), ProposalRecordSchema.violations(
                        "/io/vidprop/kafka/camera-event.schema.json", json), json);
                io.vidprop.kafka.CameraEvent e = io.vidprop.kafka.CameraEvent.fromJson(json);
                events.add(e.sequence + " " + e.event + " " + e.zone + " #" + e.trackId);
            }
            return events;
        } finally {
            cancel(job);
        }
    }

    @Test
    void zoneEventsAreExactlyOnceAcrossARestartAndEqualAnUninterruptedRun() throws Exception {
        List<String> clean = zoneEvents("events-clean", in -> in);
        List<String> restarted = zoneEvents("events-failover", in -> in.map(new FailInSecondPhase()).name("fail once"));
        assertTrue(EVENTS_FAILED.get(), "the failure was injected");
        assertTrue(!clean.isEmpty(), "tracks crossed the zone");
        assertEquals(clean, restarted);
    }
}
