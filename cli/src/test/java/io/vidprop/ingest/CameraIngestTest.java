package io.vidprop.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.decode.JpegEncoder;
import io.vidprop.broker.EmbeddedKafka;
import io.vidprop.demo.VideoWriter;
import io.vidprop.kafka.FrameHeaders;
import io.vidprop.synth.Images;
import io.vidprop.synth.SceneConfig;
import io.vidprop.synth.SyntheticVideo;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Live ingest against a camera served on loopback and Kafka's own broker. */
class CameraIngestTest {
    static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    static List<byte[]> jpegs(int width, int height, int count) {
        SyntheticVideo video = new SyntheticVideo(width, SceneConfig.builder().size(width, height).build());
        JpegEncoder encoder = new JpegEncoder(85);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(encoder.encode(video.frame(i).image()));
        }
        return out;
    }

    /** A frame as it arrived in Kafka. */
    record Published(String camera, long sequence, long capturedAt, String format, int width, int height) {}

    static List<Published> readAll(String topic, long expected) throws Exception {
        List<Published> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "check-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (records.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // A little longer, so that more records than expected would be seen.
            consumer.poll(Duration.ofMillis(1000)).forEach(records::add);
            for (ConsumerRecord<byte[], byte[]> r : records) {
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.value()));
                out.add(new Published(new String(r.key(), StandardCharsets.UTF_8),
                        Long.parseLong(header(r, FrameHeaders.SEQUENCE)),
                        Long.parseLong(header(r, FrameHeaders.CAPTURE_TIMESTAMP)), header(r, FrameHeaders.FORMAT),
                        image.getWidth(), image.getHeight()));
            }
        }
        return out;
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    static void waitFor(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Every grabbed frame accounted for; Kafka holds exactly the published ones, in increasing sequence order. */
    static List<Published> assertAccountedFor(String topic, String camera, IngestCounters c) throws Exception {
        assertEquals(0, c.failed(), "failed sends");
        assertEquals(c.grabbed(), c.skipped() + c.dropped() + c.published(), "grabbed = skipped + dropped + published");
        List<Published> frames = readAll(topic, c.published());
        assertEquals(c.published(), frames.size(), "records in Kafka");
        for (int i = 0; i < frames.size(); i++) {
            Published p = frames.get(i);
            assertEquals(camera, p.camera());
            assertEquals("jpeg", p.format());
            if (i > 0) {
                assertTrue(p.sequence() > frames.get(i - 1).sequence(), "sequence numbers increase: " + p);
                assertTrue(p.capturedAt() >= frames.get(i - 1).capturedAt(), "capture times do not go back: " + p);
            }
        }
        // Gaps in the sequence are the dropped frames, and only those.
        long span = frames.get(frames.size() - 1).sequence() - frames.get(0).sequence() + 1;
        assertTrue(span <= c.published() + c.dropped(), "span " + span + " vs " + c.line());
        return frames;
    }

    @Test
    void publishesAnHttpMjpegCameraAndReconnectsWhenItIsCutAndRestarted() throws Exception {
        String topic = "ingest-reconnect";
        kafka.createTopics(1, topic);
        long t0 = System.currentTimeMillis();
        MjpegServer first = MjpegServer.start(0, jpegs(320, 180, 5), 25);
        int port = first.port();
        IngestSettings settings = IngestSettings.builder().source(first.url()).cameraId("cam-http")
                .bootstrapServers(kafka.bootstrapServers()).topic(topic).queueCapacity(64).timeoutMillis(3000)
                .reconnectDelays(200, 1000).statusIntervalMillis(0).build();
        IngestCounters c;
        try (CameraIngest ingest = new CameraIngest(settings).start()) {
            waitFor("frames from the first session", () -> ingest.counters().published() >= 15, Duration.ofSeconds(60));
            first.close();
            // The drop, then at least one attempt refused while the camera is down.
            waitFor("reconnect attempts", () -> ingest.counters().reconnects() >= 2, Duration.ofSeconds(20));
            long beforeRestart = ingest.counters().grabbed();
            try (MjpegServer second = MjpegServer.start(port, jpegs(256, 144, 5), 25)) {
                waitFor("frames from the second session", () -> ingest.counters().published() >= beforeRestart + 15,
                        Duration.ofSeconds(60));
                ingest.stop();
                c = ingest.awaitTermination();
            }
        }
        assertTrue(c.reconnects() >= 2, c.line());
        List<Published> frames = assertAccountedFor(topic, "cam-http", c);
        assertTrue(frames.get(0).sequence() >= t0 * 1000, "sequence numbers start at the start time in µs");
        assertTrue(frames.get(0).capturedAt() >= t0 && frames.get(frames.size() - 1).capturedAt()
                <= System.currentTimeMillis(), "capture times are the wall clock at grab");
        // Both sessions arrived, the first before the second.
        int firstOfSecond = -1;
        for (int i = 0; i < frames.size(); i++) {
            Published p = frames.get(i);
            if (p.width() == 256) {
                assertEquals(144, p.height());
                if (firstOfSecond < 0) {
                    firstOfSecond = i;
                }
            } else {
                assertEquals(320, p.width());
                assertEquals(180, p.height());
                assertTrue(firstOfSecond < 0, "a first-session frame after the second session began: " + i);
            }
        }
        assertTrue(firstOfSecond >= 15, "first session frames: " + firstOfSecond);
        assertTrue(frames.size() - firstOfSecond >= 15, "second session frames: " + (frames.size() - firstOfSecond));
    }

    @Test
    void aCameraThatHangsIsDetectedByTheTimeoutAndReopened() throws Exception {
        String topic = "ingest-hang";
        kafka.createTopics(1, topic);
        IngestCounters c;
        try (MjpegServer camera = MjpegServer.start(0, jpegs(160, 96, 3), 25, 10);
                CameraIngest ingest = new CameraIngest(IngestSettings.builder().source(camera.url())
                        .cameraId("cam-hang").bootstrapServers(kafka.bootstrapServers()).topic(topic)
                        .timeoutMillis(1000).reconnectDelays(100, 100).statusIntervalMillis(0).build()).start()) {
            waitFor("a second connection's frames", () -> ingest.counters().published() >= 15,
                    Duration.ofSeconds(30));
            ingest.stop();
            c = ingest.awaitTermination();
        }
        assertTrue(c.reconnects() >= 1, c.line());
        // The parser may hold back a connection's last frame until the next one starts.
        assertTrue(c.grabbed() >= 15 && c.grabbed() <= 10 * (c.reconnects() + 1), c.line());
        assertAccountedFor(topic, "cam-hang", c);
    }

    @Test
    void whenKafkaCannotKeepUpTheOldestUnsentFramesAreDroppedAndCounted() throws Exception {
        String topic = "ingest-slow";
        kafka.createTopics(1, topic);
        Properties slow = new Properties();
        slow.put("interceptor.classes", SlowSendInterceptor.class.getName());
        IngestCounters c;
        int highWater;
        try (MjpegServer camera = MjpegServer.start(0, jpegs(160, 96, 5), 50);
                CameraIngest ingest = new CameraIngest(IngestSettings.builder().source(camera.url())
                        .cameraId("cam-slow").bootstrapServers(kafka.bootstrapServers()).topic(topic)
                        .kafkaProperties(slow).queueCapacity(4).maxFrames(60).firstSequence(1L)
                        .statusIntervalMillis(0).build()).start()) {
            c = ingest.awaitTermination();
            highWater = ingest.queueHighWaterMark();
        }
        assertEquals(60, c.grabbed());
        assertTrue(c.dropped() > 0, "frames dropped: " + c.line());
        assertEquals(4, highWater, "the queue filled up to its bound and no further");
        List<Published> frames = assertAccountedFor(topic, "cam-slow", c);
        assertEquals(60, frames.get(frames.size() - 1).sequence(), "the newest frame is never the one dropped");
    }

    @Test
    void withNoBrokerStoppingIsPromptAndEveryFrameIsCounted() throws Exception {
        int deadPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            deadPort = probe.getLocalPort();
        }
        Properties impatient = new Properties();
        impatient.put("max.block.ms", "300");
        IngestCounters c;
        long stoppedAt;
        try (MjpegServer camera = MjpegServer.start(0, jpegs(160, 96, 3), 25);
                CameraIngest ingest = new CameraIngest(IngestSettings.builder().source(camera.url())
                        .cameraId("cam-nobroker").bootstrapServers("127.0.0.1:" + deadPort).topic("nowhere")
                        .kafkaProperties(impatient).queueCapacity(8).drainTimeoutMillis(2000)
                        .statusIntervalMillis(0).build()).start()) {
            waitFor("frames grabbed", () -> ingest.counters().grabbed() >= 30, Duration.ofSeconds(30));
            ingest.stop();
            stoppedAt = System.nanoTime();
            c = ingest.awaitTermination();
        }
        long stopMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
        assertTrue(stopMillis < 8000, "stopping took " + stopMillis + " ms");
        assertEquals(0, c.published());
        assertTrue(c.failed() > 0, c.line());
        assertEquals(c.grabbed(), c.skipped() + c.dropped() + c.failed(), c.line());
    }

    @Test
    void readsMpegTsOverTcp(@TempDir Path tmp) throws Exception {
        String topic = "ingest-mpegts";
        kafka.createTopics(1, topic);
        Path ts = tmp.resolve("camera.ts");
        SyntheticVideo video = new SyntheticVideo(5, SceneConfig.builder().size(320, 176).build());
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(ts.toFile(), 320, 176);
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            recorder.setFormat("mpegts");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG2VIDEO);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(25);
            recorder.setGopSize(5);
            recorder.start();
            for (int i = 0; i < 50; i++) {
                recorder.record(converter.convert(Images.toBufferedImage(video.frame(i).image())));
            }
            recorder.stop();
        }
        IngestCounters c;
        try (MpegTsServer camera = new MpegTsServer(Files.readAllBytes(ts), 2.0);
                CameraIngest ingest = new CameraIngest(IngestSettings.builder().source(camera.url())
                        .cameraId("cam-ts").bootstrapServers(kafka.bootstrapServers()).topic(topic).maxFrames(20)
                        .statusIntervalMillis(0).build()).start()) {
            c = ingest.awaitTermination();
        }
        assertEquals(20, c.grabbed());
        for (Published p : assertAccountedFor(topic, "cam-ts", c)) {
            assertEquals(320, p.width());
            assertEquals(176, p.height());
        }
    }

    @Test
    void aFileIsPlayedInRealTimeScaledAndThinnedToTheRequestedRate(@TempDir Path tmp) throws Exception {
        String topic = "ingest-file";
        kafka.createTopics(1, topic);
        Path mp4 = tmp.resolve("clip.mp4");
        SyntheticVideo video = new SyntheticVideo(3, SceneConfig.builder().size(320, 180).build());
        try (VideoWriter writer = new VideoWriter(mp4, 320, 180, 20)) {
            for (int i = 0; i < 20; i++) {
                writer.write(Images.toBufferedImage(video.frame(i).image()));
            }
        }
        long t0 = System.nanoTime();
        IngestCounters c;
        try (CameraIngest ingest = new CameraIngest(IngestSettings.builder().source(mp4.toString())
                .cameraId("cam-file").bootstrapServers(kafka.bootstrapServers()).topic(topic).width(160).fps(10)
                .statusIntervalMillis(0).build()).start()) {
            c = ingest.awaitTermination();
        }
        long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(20, c.grabbed());
        assertTrue(elapsedMillis >= 900, "one second of video took " + elapsedMillis + " ms");
        assertTrue(c.published() >= 9 && c.published() <= 11, "about 10 fps: " + c.line());
        for (Published p : assertAccountedFor(topic, "cam-file", c)) {
            assertEquals(160, p.width());
            assertEquals(90, p.height());
        }
    }
}
