package io.vidprop.bench;

import ai.djl.Device;
import io.vidprop.decode.FrameDecoder;
import io.vidprop.decode.JpegEncoder;
import io.vidprop.demo.Demo;
import io.vidprop.broker.EmbeddedKafka;
import io.vidprop.image.RgbImage;
import io.vidprop.job.ProposalJob;
import io.vidprop.job.ProposalJobOptions;
import io.vidprop.kafka.FrameRecords;
import io.vidprop.model.ProposalModel;
import io.vidprop.operators.InferencePlanner;
import io.vidprop.operators.ProposalSettings;
import io.vidprop.rpn.Proposals;
import io.vidprop.synth.SceneConfig;
import io.vidprop.synth.SyntheticVideo;
import io.vidprop.video.VideoFileReader;
import io.vidprop.video.VideoFrame;
import io.vidprop.video.VideoRange;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end throughput and latency of the streaming job (Kafka's broker on loopback, the job on a local Flink
 * cluster, exactly-once sinks) for 720p JPEG frames from 1, 4 and 16 cameras, against the same decode + model + NMS
 * loop run directly in this process on the same frames. Everything runs in one JVM on this machine, the broker
 * included, so the pipeline pays for Kafka's work out of the same cores.
 *
 * <p>Per camera count: (1) the direct loop decodes the frames and runs them through the model in batches;
 * (2) the job warms up with 64 frames spread over the cameras, then all frames are published at once and throughput is frames
 * over the time from the first send to the last proposal written by the job; (3) frames are published at 80% of that
 * throughput for latency, measured from the publish time (the frame's capture timestamp) to the moment a
 * read_uncommitted consumer receives the proposal (written by the sink, before the checkpoint commits the transaction).
 *
 * <p>Arguments: {@code [--cameras 1,4,16] [--frames 960] [--batch-size 8] [--max-wait-ms 20] [--parallelism 1]
 * [--checkpoint-interval-ms 2000] [--inference-thread auto|true|false] [--cpu-threads N] [--model DIR] [--video FILE]
 * [--out FILE]}; {@code --video} takes the frames from a video file instead of synthetic 720p scenes.
 * The direct loop runs with the operator's threading: with an inference thread, it too decodes the next batch while
 * the model runs, and both use the same PyTorch thread count.
 */
public final class PipelineBenchmark {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;
    private static final int POOL_PER_CAMERA = 24;
    /** Frames the job gets before timing starts (model loading, JIT), spread over the cameras. */
    private static final int WARM_UP_FRAMES = 64;
    private static final long FIRST_TIMED_SEQUENCE = 1000;

    private final int[] cameraCounts;
    private final int frames;
    private final int batchSize;
    private final long maxWaitMs;
    private final String model;
    /** Frames come from this video file (as {@code vidprop replay} publishes it) instead of synthetic 720p scenes. */
    private final Path video;
    private final int parallelism;
    private final long checkpointIntervalMs;
    /** The operator's settings for these arguments; the direct loop follows the same threading. */
    private final ProposalSettings settings;
    private final boolean inferenceThread;
    private final PrintStream out = System.out;

    /** What the pipeline did for one camera count. */
    private record PipelineRun(double fps, long p50, long p99, long pacedFps, boolean complete) {}

    private record Row(int cameras, int frames, double directFps, double pipelineFps, long p50, long p99,
            long pacedFps, boolean complete) {}

    private PipelineBenchmark(Map<String, String> args) {
        cameraCounts = Arrays.stream(args.getOrDefault("cameras", "1,4,16").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        frames = Integer.parseInt(args.getOrDefault("frames", "960"));
        batchSize = Integer.parseInt(args.getOrDefault("batch-size", "8"));
        maxWaitMs = Long.parseLong(args.getOrDefault("max-wait-ms", "20"));
        model = args.get("model");
        video = args.containsKey("video") ? Path.of(args.get("video")) : null;
        parallelism = Integer.parseInt(args.getOrDefault("parallelism", "1"));
        checkpointIntervalMs = Long.parseLong(args.getOrDefault("checkpoint-interval-ms", "2000"));
        settings = ProposalSettings.builder().modelPath(model).batchSize(batchSize).maxWaitMillis(maxWaitMs)
                .inferenceThread(ProposalSettings.InferenceThreading.parse(args.getOrDefault("inference-thread", "auto")))
                .cpuThreads(Integer.parseInt(args.getOrDefault("cpu-threads", "0")))
                .build();
        inferenceThread = new InferencePlanner(settings, false, Runtime.getRuntime().availableProcessors())
                .separateThread();
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value pairs, got " + argv[i]);
            }
            args.put(argv[i].substring(2), argv[i + 1]);
        }
        PipelineBenchmark bench = new PipelineBenchmark(args);
        String table = bench.run();
        if (args.containsKey("out")) {
            Path out = Path.of(args.get("out"));
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, table);
        }
        System.exit(0);
    }

    private String run() throws Exception {
        int maxCameras = Arrays.stream(cameraCounts).max().orElse(1);
        out.printf("%s %d distinct JPEG frames (%d cameras x %d)...%n",
                video == null ? "rendering 1280x720" : "reading " + video + " into", maxCameras * POOL_PER_CAMERA,
                maxCameras, POOL_PER_CAMERA);
        byte[][][] pool = video == null ? renderPool(maxCameras) : readPool(video, maxCameras);
        // The operator sets this when it opens; the direct loop must run with the same count from the start.
        int threads = new InferencePlanner(settings, false, Runtime.getRuntime().availableProcessors())
                .threads(Double.NaN, Double.NaN).cpuThreads();
        if (threads > 0) {
            ProposalModel.setCpuThreads(threads);
        }
        out.printf("PyTorch CPU threads %d; inference %s%n", ProposalModel.cpuThreads(),
                inferenceThread ? "in a thread of its own, overlapping decoding" : "in the decoding thread");
        List<Row> rows = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            // Untimed warm-up rounds (JMH's warm-up iterations, in effect) of the first configuration, both loops; they
            // repeat until the JIT compilers' share of the round's time falls under 10% (at most 5 rounds):
            // broker, clients, Flink and PyTorch glue in one JVM keep two cores' C2 busy for a minute or more.
            int first = cameraCounts[0];
            List<Published> warmUp = frameList(pool, first);
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            for (int round = 1; round <= 5; round++) {
                long jit0 = jit.getTotalCompilationTime();
                long t0 = System.currentTimeMillis();
                directLoop(warmUp);
                pipeline(kafka, "warm-up-" + round, first, warmUp);
                double share = (jit.getTotalCompilationTime() - jit0)
                        / (double) Math.max(1, System.currentTimeMillis() - t0);
                out.printf("warm-up round %d: %d camera(s), %d frames (untimed); JIT compilation %.0f%% of the round%n",
                        round, first, warmUp.size(), 100 * share);
                if (share < 0.10) {
                    break;
                }
            }
            for (int cameras : cameraCounts) {
                List<Published> input = frameList(pool, cameras);
                // The direct loop runs before and after the pipeline and the better run counts, so neither warm-up
                // nor a disturbance on this shared machine flatters the pipeline.
                double before = directLoop(input);
                PipelineRun run = pipeline(kafka, String.valueOf(cameras), cameras, input);
                double direct = Math.max(before, directLoop(input));
                rows.add(new Row(cameras, input.size(), direct, run.fps(), run.p50(), run.p99(), run.pacedFps(),
                        run.complete()));
            }
        }
        String table = table(rows);
        out.println();
        out.print(table);
        return table;
    }

    private byte[][][] renderPool(int cameras) {
        JpegEncoder encoder = new JpegEncoder(90);
        SceneConfig scene = SceneConfig.builder().size(WIDTH, HEIGHT).build();
        byte[][][] pool = new byte[cameras][POOL_PER_CAMERA][];
        for (int c = 0; c < cameras; c++) {
            SyntheticVideo video = new SyntheticVideo(2000 + c, scene);
            for (int i = 0; i < POOL_PER_CAMERA; i++) {
                pool[c][i] = encoder.encode(video.frame(i).image());
            }
        }
        return pool;
    }

    /**
     * Consecutive frames of {@code file}, {@link #POOL_PER_CAMERA} a camera (camera c gets the c-th run of them),
     * encoded at replay's default JPEG quality.
     */
    private static byte[][][] readPool(Path file, int cameras) throws IOException {
        JpegEncoder encoder = new JpegEncoder(90);
        byte[][][] pool = new byte[cameras][POOL_PER_CAMERA][];
        try (VideoFileReader reader = VideoFileReader.open(file, new VideoRange(0, Long.MAX_VALUE), 0L)) {
            for (int c = 0; c < cameras; c++) {
                for (int i = 0; i < POOL_PER_CAMERA; i++) {
                    VideoFrame frame = reader.next();
                    if (frame == null) {
                        throw new IllegalArgumentException(file + " has fewer than " + cameras * POOL_PER_CAMERA
                                + " frames, the pool for " + cameras + " cameras");
                    }
                    pool[c][i] = encoder.encode(frame.image());
                }
            }
        }
        return pool;
    }

    /** A frame as published: camera, sequence within the camera, JPEG bytes. */
    private record Published(String camera, long sequence, byte[] jpeg) {}

    /** {@code frames} frames interleaved over the cameras, as cameras publishing at the same time would be. */
    private List<Published> frameList(byte[][][] pool, int cameras) {
        List<Published> list = new ArrayList<>(frames);
        for (int i = 0; list.size() < frames; i++) {
            for (int c = 0; c < cameras && list.size() < frames; c++) {
                list.add(new Published("camera-" + (c + 1), FIRST_TIMED_SEQUENCE + i, pool[c][i % POOL_PER_CAMERA]));
            }
        }
        return list;
    }

    private ProposalModel loadModel() throws IOException {
        return model == null ? ProposalModel.loadDefault(Device.cpu()) : ProposalModel.load(Path.of(model), Device.cpu());
    }

    /** What one direct loop did. */
    private record DirectRun(long proposals, long decodeNanos, long modelNanos) {}

    /**
     * Decode + model + NMS in batches, as the operator does, without Kafka or Flink: in one thread, or with
     * {@code --parallelism N} in N threads with a model each, the frames split as the job's keyBy would split cameras.
     */
    private double directLoop(List<Published> input) throws Exception {
        List<List<Published>> shares = new ArrayList<>();
        for (int t = 0; t < parallelism; t++) {
            shares.add(new ArrayList<>());
        }
        for (Published p : input) {
            shares.get(Math.floorMod(p.camera().hashCode(), parallelism)).add(p);
        }
        List<ProposalModel> models = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(parallelism);
        try {
            for (int t = 0; t < parallelism; t++) {
                models.add(loadModel());
            }
            runShares(threads, models, shares, 4 * batchSize);
            long t0 = System.nanoTime();
            List<DirectRun> runs = runShares(threads, models, shares, Integer.MAX_VALUE);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double fps = input.size() / seconds;
            out.printf("direct loop (%d thread(s)): %d frames in %.2f s = %.1f frames/s (decode %.2f ms, model + NMS "
                    + "%.2f ms per frame and thread; %.1f proposals per frame)%n", parallelism, input.size(), seconds,
                    fps, runs.stream().mapToLong(DirectRun::decodeNanos).sum() / 1e6 / input.size(),
                    runs.stream().mapToLong(DirectRun::modelNanos).sum() / 1e6 / input.size(),
                    runs.stream().mapToLong(DirectRun::proposals).sum() / (double) input.size());
            return fps;
        } finally {
            threads.shutdown();
            models.forEach(ProposalModel::close);
        }
    }

    private List<DirectRun> runShares(ExecutorService threads, List<ProposalModel> models,
            List<List<Published>> shares, int limit) throws Exception {
        List<Future<DirectRun>> futures = new ArrayList<>();
        for (int t = 0; t < shares.size(); t++) {
            ProposalModel m = models.get(t);
            List<Published> share = shares.get(t).subList(0, Math.min(limit, shares.get(t).size()));
            futures.add(threads.submit(() -> runDirect(m, share)));
        }
        List<DirectRun> runs = new ArrayList<>();
        for (Future<DirectRun> f : futures) {
            runs.add(f.get());
        }
        return runs;
    }

    private DirectRun runDirect(ProposalModel m, List<Published> input) throws Exception {
        FrameDecoder decoder = new FrameDecoder(ProposalSettings.DEFAULT_MAX_PIXELS, m.config().input.minSize,
                m.config().input.maxSize);
        // As the operator: with an inference thread, the next batch is decoded while the model runs the last one.
        ExecutorService inference = inferenceThread ? Executors.newSingleThreadExecutor() : null;
        long decodeNanos = 0;
        long[] modelNanos = {0};
        long[] proposals = {0};
        Future<?> inFlight = null;
        try {
            List<RgbImage> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < input.size(); i++) {
                long t0 = System.nanoTime();
                batch.add(decoder.decode(input.get(i).jpeg()).image());
                decodeNanos += System.nanoTime() - t0;
                if (batch.size() == batchSize || i == input.size() - 1) {
                    List<RgbImage> images = List.copyOf(batch);
                    batch.clear();
                    Runnable run = () -> {
                        long t1 = System.nanoTime();
                        for (Proposals p : m.propose(images)) {
                            proposals[0] += p.size();
                        }
                        modelNanos[0] += System.nanoTime() - t1;
                    };
                    if (inFlight != null) {
                        inFlight.get();
                    }
                    if (inference != null) {
                        inFlight = inference.submit(run);
                    } else {
                        run.run();
                    }
                }
            }
            if (inFlight != null) {
                inFlight.get();
            }
        } finally {
            if (inference != null) {
                inference.shutdown();
            }
        }
        return new DirectRun(proposals[0], decodeNanos, modelNanos[0]);
    }

    private PipelineRun pipeline(EmbeddedKafka kafka, String name, int cameras, List<Published> input)
            throws Exception {
        String framesTopic = "frames-" + name;
        String proposalsTopic = "proposals-" + name;
        kafka.createTopics(Math.min(cameras, 4), framesTopic);
        kafka.createTopics(1, proposalsTopic, "dead-letters-" + name);
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        // -Dvidprop.bench.flink=key=value,... tries Flink settings on the local cluster (how bench/README's were).
        for (String kv : System.getProperty("vidprop.bench.flink", "").split(",")) {
            if (kv.contains("=")) {
                conf.setString(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        ProposalJob.build(env, ProposalJobOptions.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .framesTopic(framesTopic)
                .proposalsTopic(proposalsTopic)
                .deadLetterTopic("dead-letters-" + name)
                .groupId("bench-" + name)
                .parallelism(parallelism)
                .checkpointIntervalMillis(checkpointIntervalMs)
                .transactionalIdPrefix("bench-" + name)
                .proposals(settings)
                .build());
        JobClient job = env.executeAsync("vidprop pipeline benchmark, " + cameras + " camera(s)");
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka);
                KafkaConsumer<byte[], byte[]> consumer = consumer(kafka, proposalsTopic)) {
            List<Published> warmUp = new ArrayList<>();
            for (int i = 0; warmUp.size() < Math.max(WARM_UP_FRAMES, cameras); i++) {
                for (int c = 0; c < cameras; c++) {
                    warmUp.add(new Published("camera-" + (c + 1), i, input.get(c).jpeg()));
                }
            }
            send(producer, framesTopic, warmUp, 0);
            receive(consumer, warmUp.size());

            long firstSend = System.currentTimeMillis();
            send(producer, framesTopic, input, 0);
            Received saturated = receive(consumer, input.size());
            double pipelineFps = saturated.count * 1000.0 / Math.max(1, saturated.lastWrite - firstSend);
            out.printf("pipeline, %d camera(s): %d of %d proposal records in %.2f s = %.1f frames/s%n", cameras,
                    saturated.count, input.size(), (saturated.lastWrite - firstSend) / 1000.0, pipelineFps);

            // Latency at 80% of the measured throughput, on the next sequence numbers of the same cameras.
            long rate = Math.max(1, Math.round(0.8 * pipelineFps));
            List<Published> paced = new ArrayList<>();
            long offset = input.get(input.size() - 1).sequence() + 1;
            int pacedCount = (int) Math.min(input.size(), rate * 6);
            for (Published p : input.subList(0, pacedCount)) {
                paced.add(new Published(p.camera(), p.sequence() + offset, p.jpeg()));
            }
            // Sent from another thread while this one receives: a record's latency is timed when it arrives here.
            ExecutorService sender = Executors.newSingleThreadExecutor();
            Received latency;
            try {
                Future<?> sending = sender.submit(() -> {
                    send(producer, framesTopic, paced, rate);
                    return null;
                });
                latency = receive(consumer, paced.size());
                sending.get();
            } finally {
                sender.shutdownNow();
            }
            long[] sorted = latency.latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            long p50 = Demo.percentile(sorted, 50);
            long p99 = Demo.percentile(sorted, 99);
            out.printf("pipeline, %d camera(s), paced at %d frames/s: latency p50 %d ms, p99 %d ms%n", cameras, rate,
                    p50, p99);
            boolean complete = saturated.count == input.size() && latency.count == paced.size();
            return new PipelineRun(pipelineFps, p50, p99, rate, complete);
        } finally {
            job.cancel().get();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Reads what the sink writes without waiting for the checkpoint's commit, to time the job itself. */
    private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafka kafka, String topic) {
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    /** Publishes the frames, at {@code rate} frames per second or as fast as the broker takes them (rate 0). */
    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, List<Published> frames, long rate)
            throws InterruptedException {
        long start = System.nanoTime();
        for (int i = 0; i < frames.size(); i++) {
            if (rate > 0) {
                long due = start + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            Published f = frames.get(i);
            producer.send(FrameRecords.toRecord(topic, f.camera(), f.sequence(), System.currentTimeMillis(), f.jpeg()));
        }
        producer.flush();
    }

    private static final class Received {
        int count;
        long lastWrite;
        final List<Long> latencies = new ArrayList<>();
    }

    private static Received receive(KafkaConsumer<byte[], byte[]> consumer, int expected) {
        Received r = new Received();
        long deadline = System.currentTimeMillis() + 60_000 + 200L * expected;
        while (r.count < expected && System.currentTimeMillis() < deadline) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
            // The time a record arrives here, not its Kafka timestamp: the operator gives each proposal record its
            // frame's timestamp (the publish time), so that would time the producer, not the job.
            long arrived = System.currentTimeMillis();
            for (ConsumerRecord<byte[], byte[]> rec : records) {
                r.count++;
                r.lastWrite = Math.max(r.lastWrite, arrived);
                r.latencies.add(arrived - captureTimestamp(rec.value()));
            }
        }
        return r;
    }

    private static final byte[] CAPTURE_FIELD = "\"captureTimestamp\":".getBytes(StandardCharsets.US_ASCII);

    /**
     * The capture timestamp of a proposal record, read without parsing its proposals: the reader shares the job's
     * cores here, where a real consumer would not, so it does as little as it can.
     */
    static long captureTimestamp(byte[] json) {
        outer:
        for (int i = 0; i + CAPTURE_FIELD.length < json.length; i++) {
            for (int j = 0; j < CAPTURE_FIELD.length; j++) {
                if (json[i + j] != CAPTURE_FIELD[j]) {
                    continue outer;
                }
            }
            long v = 0;
            for (int k = i + CAPTURE_FIELD.length; k < json.length && json[k] >= '0' && json[k] <= '9'; k++) {
                v = 10 * v + (json[k] - '0');
            }
            return v;
        }
        throw new IllegalStateException("not a proposal record: no captureTimestamp");
    }

    private String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("batch size %d, max wait %d ms, checkpoint every %d ms, parallelism %d (direct loop: as "
                + "many threads), PyTorch intra-op threads %s, model %s, %d CPU cores, Java %s%n%n", batchSize, maxWaitMs,
                checkpointIntervalMs, parallelism,
                ProposalModel.cpuThreads() + (inferenceThread ? ", model in a thread of its own (both loops)" : ""),
                model == null ? "built-in" : model,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        sb.append("| cameras | frames | direct loop (frames/s) | pipeline (frames/s) | pipeline / direct | ≥ 90%? "
                + "| latency p50 | latency p99 | (paced at) | every frame out? |\n");
        sb.append("|---:|---:|---:|---:|---:|---|---:|---:|---:|---|\n");
        for (Row r : rows) {
            double ratio = r.pipelineFps() / r.directFps();
            sb.append(String.format("| %d | %d | %.1f | %.1f | %.0f%% | %s | %d ms | %d ms | %d frames/s | %s |%n",
                    r.cameras(), r.frames(), r.directFps(), r.pipelineFps(), 100 * ratio, ratio >= 0.9 ? "yes" : "no",
                    r.p50(), r.p99(), r.pacedFps(), r.complete() ? "yes" : "NO"));
        }
        return sb.toString();
    }
}
