package io.vidprop.demo;

import io.vidprop.broker.EmbeddedKafka;
import io.vidprop.decode.DecodedFrame;
import io.vidprop.decode.FrameDecoder;
import io.vidprop.decode.JpegEncoder;
import io.vidprop.image.RgbImage;
import io.vidprop.job.ProposalJob;
import io.vidprop.job.ProposalJobOptions;
import io.vidprop.kafka.FrameRecords;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.operators.ProposalSettings;
import io.vidprop.synth.SceneConfig;
import io.vidprop.synth.SyntheticVideo;
import io.vidprop.train.ProgressBar;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The embedded demo: real Kafka, real Flink, real decoding, one process, nothing left behind. */
public final class Demo {
    static final String FRAMES = ProposalJobOptions.DEFAULT_FRAMES_TOPIC;
    static final String PROPOSALS = ProposalJobOptions.DEFAULT_PROPOSALS_TOPIC;
    static final String DEAD_LETTERS = ProposalJobOptions.DEFAULT_DEAD_LETTER_TOPIC;

    /** What to show. */
    public record Settings(int cameras, int frames, Path video, int width, int height, ProposalSettings proposals,
            int top, Path out) {}

    private record Encoded(String camera, long sequence, byte[] jpeg) {}

    private final Settings s;
    private final PrintStream out;

    public Demo(Settings settings, PrintStream out) {
        this.s = settings;
        this.out = out;
    }

    public int run() throws Exception {
        List<Encoded> frames = prepareFrames();
        out.printf("starting Apache Kafka on loopback...%n");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            int cameras = (int) frames.stream().map(Encoded::camera).distinct().count();
            kafka.createTopics(Math.max(1, Math.min(cameras, 4)), FRAMES);
            kafka.createTopics(1, PROPOSALS, DEAD_LETTERS);
            out.printf("Kafka at %s; topics %s, %s, %s%n", kafka.bootstrapServers(), FRAMES, PROPOSALS, DEAD_LETTERS);
            JobClient job = startJob(kafka);
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka)) {
                consumer.subscribe(List.of(PROPOSALS, DEAD_LETTERS));
                // The first frame of each camera warms the job up (model loading, JIT) before timing starts.
                List<Encoded> warmUp = frames.stream().filter(f -> f.sequence() == 0).toList();
                List<Encoded> timed = frames.stream().filter(f -> f.sequence() != 0).toList();
                out.printf("job %s running on a local Flink cluster; warming up with %d frame(s)%n", job.getJobID(),
                        warmUp.size());
                publish(kafka, warmUp);
                List<ProposalRecord> records = new ArrayList<>(collect(consumer, warmUp.size()));
                received.clear();
                out.printf("publishing %d frames from %d camera(s) as fast as the broker takes them%n", timed.size(),
                        cameras);
                long firstSend = System.currentTimeMillis();
                publish(kafka, timed);
                List<ProposalRecord> timedRecords = collect(consumer, timed.size());
                long lastReceive = System.currentTimeMillis();
                records.addAll(timedRecords);
                int dead = countDeadLetters(kafka);
                summarize(frames.size(), records.size(), timedRecords, dead, firstSend, lastReceive);
                annotate(frames, records);
                return records.size() + dead == frames.size() ? 0 : 1;
            } finally {
                job.cancel().get();
                out.println("job cancelled; stopping Kafka");
            }
        }
    }

    private List<Encoded> prepareFrames() throws Exception {
        JpegEncoder encoder = new JpegEncoder(JpegEncoder.DEFAULT_QUALITY);
        List<Encoded> frames = new ArrayList<>();
        if (s.video() != null) {
            List<RgbImage> images = VideoFrames.read(s.video(), s.frames());
            for (int i = 0; i < images.size(); i++) {
                frames.add(new Encoded("video", i, encoder.encode(images.get(i))));
            }
            out.printf("read %d frames of %s%n", images.size(), s.video());
            return frames;
        }
        SceneConfig scene = SceneConfig.builder().size(s.width(), s.height()).jpegQuality(100, 100).build();
        ProgressBar bar = new ProgressBar(out, "rendering synthetic video", (long) s.cameras() * s.frames());
        List<SyntheticVideo> videos = new ArrayList<>();
        for (int c = 0; c < s.cameras(); c++) {
            videos.add(new SyntheticVideo(1000 + c, scene));
        }
        // Interleaved, as cameras publishing at the same time would be.
        for (int i = 0; i < s.frames(); i++) {
            for (int c = 0; c < s.cameras(); c++) {
                frames.add(new Encoded("camera-" + (c + 1), i, encoder.encode(videos.get(c).frame(i).image())));
                bar.update(frames.size(), "");
            }
        }
        return frames;
    }

    private JobClient startJob(EmbeddedKafka kafka) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        ProposalJob.build(env, ProposalJobOptions.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .framesTopic(FRAMES)
                .proposalsTopic(PROPOSALS)
                .deadLetterTopic(DEAD_LETTERS)
                .checkpointIntervalMillis(500)
                .proposals(s.proposals())
                .build());
        return env.executeAsync("vidprop demo");
    }

    private void publish(EmbeddedKafka kafka, List<Encoded> frames) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Encoded f : frames) {
                producer.send(FrameRecords.toRecord(FRAMES, f.camera(), f.sequence(), System.currentTimeMillis(),
                        f.jpeg()));
            }
            producer.flush();
        }
    }

    private List<ProposalRecord> collect(KafkaConsumer<byte[], byte[]> consumer, int expected) {
        List<ProposalRecord> records = new ArrayList<>();
        ProgressBar bar = new ProgressBar(out, "proposals", expected);
        long deadline = System.currentTimeMillis() + 120_000 + 1000L * expected;
        {
            int seen = 0;
            while (seen < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen++;
                    if (r.topic().equals(PROPOSALS)) {
                        ProposalRecord p = ProposalRecord.fromJson(new String(r.value(), StandardCharsets.UTF_8));
                        p.latencyMs = Math.max(p.latencyMs, 0);
                        records.add(p);
                        received.put(p.cameraId + "#" + p.sequence, System.currentTimeMillis() - p.captureTimestamp);
                    }
                }
                bar.update(seen, "");
            }
        }
        return records;
    }

    private final Map<String, Long> received = new LinkedHashMap<>();

    private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafka kafka) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "vidprop-demo-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private int countDeadLetters(EmbeddedKafka kafka) {
        int n = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "vidprop-demo-dead-letters",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(DEAD_LETTERS));
            for (int i = 0; i < 5; i++) {
                n += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        return n;
    }

    private void summarize(int sent, int recordCount, List<ProposalRecord> timed, int dead, long firstSend,
            long lastReceive) {
        long[] endToEnd = received.values().stream().mapToLong(Long::longValue).sorted().toArray();
        long[] processing = timed.stream().mapToLong(r -> r.latencyMs).sorted().toArray();
        double perFrame = timed.stream().mapToInt(r -> r.proposals.length).average().orElse(0);
        double seconds = Math.max(1, lastReceive - firstSend) / 1000.0;
        out.println();
        out.println("| frames sent | proposal records | dead letters | frames/s | latency p50 | latency p99 "
                + "| processing p50 | proposals per frame |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        out.printf("| %d | %d | %d | %.1f | %d ms | %d ms | %d ms | %.1f |%n", sent, recordCount, dead,
                timed.size() / seconds, percentile(endToEnd, 50), percentile(endToEnd, 99),
                percentile(processing, 50), perFrame);
        out.println();
        out.println("After one warm-up frame per camera, the frames are published all at once: frames/s is how fast "
                + "the job drains them; latency runs from publishing a frame to reading its proposals with a "
                + "read_committed consumer (queueing behind earlier frames and the checkpoint that commits them "
                + "included); processing runs from the job reading the frame to its proposals being ready.");
    }

    /** The p-th percentile (nearest rank) of sorted values; 0 when there are none. */
    public static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private void annotate(List<Encoded> frames, List<ProposalRecord> records) throws Exception {
        Map<String, ProposalRecord> byFrame = new TreeMap<>();
        for (ProposalRecord r : records) {
            byFrame.put(r.cameraId + "#" + r.sequence, r);
        }
        FrameDecoder decoder = new FrameDecoder(ProposalSettings.DEFAULT_MAX_PIXELS, 0, 0);
        Annotator annotator = new Annotator(s.top());
        Map<String, VideoWriter> videos = new LinkedHashMap<>();
        Files.createDirectories(s.out());
        try {
            for (Encoded f : frames) {
                ProposalRecord r = byFrame.get(f.camera() + "#" + f.sequence());
                if (r == null) {
                    continue;
                }
                DecodedFrame d = decoder.decode(f.jpeg());
                var image = annotator.draw(d.image(), r.proposals, f.camera() + " #" + f.sequence() + "  top "
                        + Math.min(s.top(), r.proposals.length) + " proposals");
                Path dir = s.out().resolve(f.camera());
                Files.createDirectories(dir);
                ImageIO.write(image, "jpg", dir.resolve(String.format("%06d.jpg", f.sequence())).toFile());
                VideoWriter w = videos.get(f.camera());
                if (w == null) {
                    w = new VideoWriter(s.out().resolve(f.camera() + ".mp4"), image.getWidth(), image.getHeight(), 10);
                    videos.put(f.camera(), w);
                }
                w.write(image);
            }
        } finally {
            for (VideoWriter w : videos.values()) {
                w.close();
            }
        }
        out.printf("annotated frames in %s/<camera>/, videos %s%n", s.out(),
                Arrays.toString(videos.keySet().stream().map(c -> s.out().resolve(c + ".mp4").toString()).toArray()));
    }
}
