package io.vidprop.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.batch.BatchJob;
import io.vidprop.batch.BatchOptions;
import io.vidprop.batch.SortedOutput;
import io.vidprop.broker.EmbeddedKafka;
import io.vidprop.job.ProposalJob;
import io.vidprop.job.ProposalJobOptions;
import io.vidprop.kafka.FrameHeaders;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.operators.ProposalSettings;
import io.vidprop.render.ProposalRecords;
import io.vidprop.render.ProposalRenderer;
import io.vidprop.testing.TestModels;
import io.vidprop.testing.TopicReader;
import io.vidprop.video.VideoRange;
import io.vidprop.video.VideoSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replaying real video files into Kafka's own broker, and the streaming job reading them. */
class ReplayTest {
    static final int FRAMES = 24;
    static final long EPOCH = 1_700_000_000_000L;
    static EmbeddedKafka kafka;
    @TempDir
    static Path tmp;
    static Path video;
    static Path model;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        video = TestVideos.write(tmp.resolve("lobby.mkv"), 7, FRAMES);
        model = TestModels.tinyRandom(tmp.resolve("model"), "test-random");
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    static Map<String, Long> replay(String topic, Path file) throws Exception {
        return replay(topic, file, ReplayRate.MAX);
    }

    static Map<String, Long> replay(String topic, Path file, ReplayRate rate) throws Exception {
        return new VideoReplayer(ReplayOptions.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .framesTopic(topic)
                .videos(VideoSource.of(List.of(file), List.of("lobby")))
                .rate(rate)
                .epochMillis(EPOCH)
                .build(), new PrintStream(new ByteArrayOutputStream())).run();
    }

    static List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected, boolean committedOnly) {
        return TopicReader.read(kafka.bootstrapServers(), topic, expected, committedOnly, Duration.ofMinutes(2));
    }

    static long header(ConsumerRecord<byte[], byte[]> r, String key) {
        return Long.parseLong(new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8));
    }

    @Test
    void replayPublishesEveryFrameInOrderAndReplayingAgainAddsNothingDownstream() throws Exception {
        String name = "replay";
        kafka.createTopics(1, name + "-frames", name + "-proposals", name + "-dead");
        assertEquals(Map.of("lobby", (long) FRAMES), replay(name + "-frames", video));
        List<ConsumerRecord<byte[], byte[]>> first = read(name + "-frames", FRAMES, false);
        assertEquals(FRAMES, first.size());
        for (int i = 0; i < FRAMES; i++) {
            ConsumerRecord<byte[], byte[]> r = first.get(i);
            assertEquals("lobby", new String(r.key(), StandardCharsets.UTF_8));
            assertEquals(i, header(r, FrameHeaders.SEQUENCE));
            assertEquals(EPOCH + 100L * i, header(r, FrameHeaders.CAPTURE_TIMESTAMP), "10 fps: 100 ms apart");
            assertEquals("jpeg", new String(r.headers().lastHeader(FrameHeaders.FORMAT).value(), StandardCharsets.UTF_8));
        }

        replay(name + "-frames", video);
        List<ConsumerRecord<byte[], byte[]>> both = read(name + "-frames", 2 * FRAMES, false);
        assertEquals(2 * FRAMES, both.size(), "the second replay publishes the same records again");
        for (int i = 0; i < FRAMES; i++) {
            assertArrayEquals(both.get(i).value(), both.get(FRAMES + i).value(), "frame " + i + " byte-identical");
            assertEquals(header(both.get(i), FrameHeaders.SEQUENCE), header(both.get(FRAMES + i), FrameHeaders.SEQUENCE));
        }

        JobClient job = startStreamingJob(name);
        try {
            List<ConsumerRecord<byte[], byte[]>> proposals = read(name + "-proposals", FRAMES, true);
            List<Long> sequences = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : proposals) {
                sequences.add(ProposalRecord.fromJson(new String(r.value(), StandardCharsets.UTF_8)).sequence);
            }
            assertEquals(java.util.stream.LongStream.range(0, FRAMES).boxed().toList(), sequences,
                    "one proposal record per frame, none for the replayed copies");

            BatchRun batch = batch(BatchOptions.builder()
                    .videos(List.of(video.toString()))
                    .cameras(List.of("lobby"))
                    .epochMillis(EPOCH)
                    .proposals(settings()));
            assertEquals(List.of(), batch.deadLetters());
            assertEquals(FRAMES, batch.proposals().size());
            for (int i = 0; i < FRAMES; i++) {
                ProposalRecord s = ProposalRecord.fromJson(new String(proposals.get(i).value(), StandardCharsets.UTF_8));
                ProposalRecord b = batch.proposals().get(i);
                String what = "frame " + i;
                assertEquals(s.cameraId, b.cameraId, what);
                assertEquals(s.sequence, b.sequence, what);
                assertEquals(s.captureTimestamp, b.captureTimestamp, what);
                assertEquals(s.width, b.width, what);
                assertEquals(s.height, b.height, what);
                assertEquals(s.modelId, b.modelId, what);
                assertTrue(s.proposals.length > 0, what);
                assertTrue(java.util.Arrays.deepEquals(s.proposals, b.proposals), what + ": proposals equal exactly");
            }

            // What the job wrote to its topic, drawn on the video it came from.
            ProposalRenderer.Summary rendered = new ProposalRenderer(3, new PrintStream(new ByteArrayOutputStream()))
                    .render(ProposalRecords.fromTopic(kafka.bootstrapServers(), name + "-proposals", new Properties(),
                            Duration.ofSeconds(1)), video, null, tmp.resolve("rendered.mp4"));
            assertEquals(new ProposalRenderer.Summary(FRAMES, 0), rendered);
        } finally {
            job.cancel().get();
        }
    }

    static JobClient startStreamingJob(String name) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        ProposalJob.build(env, ProposalJobOptions.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .framesTopic(name + "-frames")
                .proposalsTopic(name + "-proposals")
                .deadLetterTopic(name + "-dead")
                .groupId(name)
                .transactionalIdPrefix(name)
                .checkpointIntervalMillis(500)
                .proposals(settings())
                .build());
        return env.executeAsync(name);
    }

    /** What a batch run wrote: its proposal records and dead-letter lines, sorted by camera and sequence. */
    record BatchRun(List<ProposalRecord> proposals, List<String> deadLetters) {}

    /** Runs the batch job to a fresh output directory and reads it back through {@link SortedOutput}. */
    static BatchRun batch(BatchOptions.Builder options) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "batch");
        BatchJob.run(batchEnvironment(), options.outDir(dir.toString()).build());
        Path out = dir.resolve("sorted.jsonl");
        SortedOutput.merge(dir, out);
        List<ProposalRecord> records = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            records.add(ProposalRecord.fromJson(line));
        }
        return new BatchRun(records, Files.readAllLines(SortedOutput.deadLetterFile(out)));
    }

    static StreamExecutionEnvironment batchEnvironment() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return StreamExecutionEnvironment.createLocalEnvironment(1, conf);
    }

    /**
     * Batches of 4, padded: PyTorch's CPU kernels may round differently for different batch shapes, and the streaming
     * job's batches depend on timing; padded batches make both paths bit-identical.
     */
    static ProposalSettings settings() {
        return ProposalSettings.builder().modelPath(model.toString()).batchSize(4).maxWaitMillis(20)
                .padBatches(true).build();
    }

    @Test
    void replayAtTwiceTheVideosSpeedTakesHalfItsDuration() throws Exception {
        String name = "paced";
        kafka.createTopics(1, name + "-frames");
        long t0 = System.nanoTime();
        assertEquals(Map.of("lobby", (long) FRAMES), replay(name + "-frames", video, ReplayRate.parse("2x")));
        double seconds = (System.nanoTime() - t0) / 1e9;
        // The last of 24 frames at 10 fps is due 2.3 s into the video: 1.15 s at 2x. Unpaced, it takes a fraction.
        assertTrue(seconds >= 1.15, "replay at 2x took " + seconds + " s");
        assertEquals(FRAMES, read(name + "-frames", FRAMES, false).size());
    }

    @Test
    void footageOlderThanTheTopicsRetentionIsRefusedBeforeAnythingIsPublished() throws Exception {
        String topic = "week-frames";
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of("retention.ms", Long.toString(Duration.ofDays(7).toMillis())))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> replay(topic, video));
        assertTrue(e.getMessage().startsWith("topic week-frames deletes records older than its retention.ms"
                + " (604800000 ms = 168.0 h) by their timestamps, and these records carry capture times from"
                + " 2023-11-14T22:13:20Z"), e.getMessage());
        assertTrue(e.getMessage().endsWith("or replay with --epoch-ms set to a recent time"), e.getMessage());
        try (Admin admin = kafka.admin()) {
            TopicPartition p = new TopicPartition(topic, 0);
            assertEquals(0, admin.listOffsets(Map.of(p, OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS)
                    .get(p).offset(), "nothing published");
        }

        long recent = System.currentTimeMillis() - Duration.ofDays(1).toMillis();
        new VideoReplayer(ReplayOptions.builder().bootstrapServers(kafka.bootstrapServers()).framesTopic(topic)
                .videos(VideoSource.of(List.of(video), List.of("lobby"))).epochMillis(recent).build(),
                new PrintStream(new ByteArrayOutputStream())).run();
        assertEquals(FRAMES, read(topic, FRAMES, false).size(), "a recent --epoch-ms is kept");
    }

    @Test
    void aTruncatedFilePublishesItsReadableFramesThenFailsSayingWhere() throws Exception {
        String name = "truncated";
        kafka.createTopics(1, name + "-frames", name + "-intact");
        Path cut = TestVideos.truncatedCopy(video, tmp.resolve("cut.mkv"));
        IOException e = assertThrows(IOException.class, () -> replay(name + "-frames", cut));
        Matcher m = Pattern.compile(Pattern.quote(cut.toString()) + ": damaged after frame (\\d+) \\(t=([0-9.]+)s\\): .+")
                .matcher(e.getMessage());
        assertTrue(m.matches(), e.getMessage());
        int readable = Integer.parseInt(m.group(1)) + 1;
        assertTrue(readable > 0 && readable < FRAMES, e.getMessage());
        assertEquals((readable - 1) / 10.0, Double.parseDouble(m.group(2)), 1e-9);

        List<ConsumerRecord<byte[], byte[]>> published = read(name + "-frames", readable, false);
        assertEquals(readable, published.size(), "exactly the readable frames");
        replay(name + "-intact", video);
        List<ConsumerRecord<byte[], byte[]>> intact = read(name + "-intact", FRAMES, false);
        for (int i = 0; i < readable; i++) {
            assertEquals(i, header(published.get(i), FrameHeaders.SEQUENCE));
            assertArrayEquals(intact.get(i).value(), published.get(i).value(), "frame " + i + " as in the intact file");
        }

        IOException batch = assertThrows(IOException.class, () -> batch(BatchOptions.builder()
                .videos(List.of(cut.toString())).failOnDamaged(true).proposals(settings())));
        assertTrue(batch.getMessage().startsWith(cut + ": damaged after frame " + (readable - 1)), batch.getMessage());

        // By default the damaged file's readable frames are records, and the rest one dead letter naming the file.
        BatchRun goesOn = batch(BatchOptions.builder().videos(List.of(cut.toString())).proposals(settings()));
        assertEquals(java.util.stream.LongStream.range(0, readable).boxed().toList(),
                goesOn.proposals().stream().map(r -> r.sequence).toList(), "the readable frames");
        assertEquals(1, goesOn.deadLetters().size(), goesOn.deadLetters().toString());
        com.google.gson.JsonObject dead = com.google.gson.JsonParser.parseString(goesOn.deadLetters().get(0))
                .getAsJsonObject();
        assertEquals("cut", dead.get("cameraId").getAsString());
        assertEquals(readable, dead.get("sequence").getAsLong(), "numbered after the last readable frame");
        assertTrue(dead.get("error").getAsString().startsWith(cut + ": damaged after frame " + (readable - 1)),
                dead.toString());
    }

    @Test
    void aRangeKeepsTheOriginalSequenceNumbers() throws Exception {
        String name = "range";
        kafka.createTopics(1, name + "-frames");
        new VideoReplayer(ReplayOptions.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .framesTopic(name + "-frames")
                .videos(VideoSource.of(List.of(video), List.of()))
                .rate(ReplayRate.MAX)
                .range(VideoRange.ofSeconds(0.5, 1.0))
                .epochMillis(EPOCH)
                .build(), new PrintStream(new ByteArrayOutputStream())).run();
        List<ConsumerRecord<byte[], byte[]>> published = read(name + "-frames", 5, false);
        assertEquals(5, published.size());
        for (int i = 0; i < 5; i++) {
            assertEquals("lobby", new String(published.get(i).key(), StandardCharsets.UTF_8), "camera from the file name");
            assertEquals(5 + i, header(published.get(i), FrameHeaders.SEQUENCE));
            assertEquals(EPOCH + 100L * (5 + i), header(published.get(i), FrameHeaders.CAPTURE_TIMESTAMP));
        }
    }

    @Test
    void everyNthFramePublishesThoseFramesUnderTheFilesNumbers() throws Exception {
        String name = "every";
        kafka.createTopics(1, name + "-frames");
        Map<String, Long> published = new VideoReplayer(ReplayOptions.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .framesTopic(name + "-frames")
                .videos(VideoSource.of(List.of(video), List.of()))
                .rate(ReplayRate.MAX)
                .every(5)
                .epochMillis(EPOCH)
                .build(), new PrintStream(new ByteArrayOutputStream())).run();
        int expected = (FRAMES + 4) / 5;
        assertEquals(Map.of("lobby", (long) expected), published);
        List<ConsumerRecord<byte[], byte[]>> frames = read(name + "-frames", expected, false);
        List<Long> sequences = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : frames) {
            sequences.add(header(r, FrameHeaders.SEQUENCE));
            assertEquals(EPOCH + 100L * header(r, FrameHeaders.SEQUENCE), header(r, FrameHeaders.CAPTURE_TIMESTAMP));
        }
        assertEquals(java.util.stream.LongStream.iterate(0, s -> s < FRAMES, s -> s + 5).boxed().toList(), sequences);
    }
}
