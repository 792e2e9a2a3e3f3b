package io.vidprop.bench;

import io.vidprop.demo.Demo;
import io.vidprop.broker.EmbeddedKafka;
import io.vidprop.job.ProposalJob;
import io.vidprop.job.ProposalJobOptions;
import io.vidprop.model.ProposalModel;
import io.vidprop.operators.InferencePlanner;
import io.vidprop.operators.ProposalSettings;
import io.vidprop.settings.CameraSettings;
import io.vidprop.settings.CameraSettingsJson;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

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
 * [--camera-settings JSON] [--models 1,4,16] [--out FILE]}; {@code --video} takes the frames from a video file instead of synthetic 720p
 * scenes; {@code --camera-settings} gives every camera those settings on the job's settings topic (for example
 * {@code '{"tracks": {}}'} to time tracking). {@code --models} runs the first camera count once per model count M
 * instead of once per camera count: M distinct copies of the model ({@link ModelCopies}), camera c's settings naming
 * copy c mod M, with {@code --max-loaded-models} at least M + 1 (the job's own model stays loaded too); each row then
 * also says the process's resident memory and the Java heap after a full collection once the run is over.
 * The direct loop runs with the operator's threading: with an inference thread, it too decodes the next batch while
 * the model runs, and both use the same PyTorch thread count.
 */
public final class PipelineBenchmark {
    /** Frames the job gets before timing starts (model loading, JIT), spread over the cameras. */
    private static final int WARM_UP_FRAMES = 64;

    private final int[] cameraCounts;
    private final int frames;
    private final int batchSize;
    private final long maxWaitMs;
    private final String model;
    /** Frames come from this video file (as {@code vidprop replay} publishes it) instead of synthetic 720p scenes. */
    private final Path video;
    private final int parallelism;
    private final long checkpointIntervalMs;
    /** Every camera's settings on the settings topic (JSON), or null for none: tracks cost with {"tracks": {}}. */
    private final String cameraSettings;
    /** Distinct cameras' models per run (--models), or null: one run per camera count, on the job's model. */
    private final int[] modelCounts;
    /** The operator's settings for these arguments; the direct loop follows the same threading. */
    private final ProposalSettings settings;
    private final boolean inferenceThread;
    private final PrintStream out = System.out;
    private final DirectLoop directLoop;

    /** What the pipeline did for one camera count. */
    private record PipelineRun(double fps, long p50, long p99, long pacedFps, boolean complete, double rssMb,
            double heapMb) {}

    private record Row(int cameras, int models, int frames, double directFps, double pipelineFps, long p50, long p99,
            long pacedFps, boolean complete, double rssMb, double heapMb) {}

    private PipelineBenchmark(Map<String, String> args) {
        cameraCounts = Arrays.stream(args.getOrDefault("cameras", "1,4,16").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        frames = Integer.parseInt(args.getOrDefault("frames", "960"));
        batchSize = Integer.parseInt(args.getOrDefault("batch-size", "" + ProposalSettings.DEFAULT_BATCH_SIZE));
        maxWaitMs = Long.parseLong(args.getOrDefault("max-wait-ms", "" + ProposalSettings.DEFAULT_MAX_WAIT_MILLIS));
        model = args.get("model");
        video = args.containsKey("video") ? Path.of(args.get("video")) : null;
        parallelism = Integer.parseInt(args.getOrDefault("parallelism", "1"));
        checkpointIntervalMs = Long.parseLong(args.getOrDefault("checkpoint-interval-ms",
                "" + ProposalJobOptions.DEFAULT_CHECKPOINT_INTERVAL_MILLIS));
        cameraSettings = args.get("camera-settings");
        modelCounts = args.containsKey("models") ? Arrays.stream(args.get("models").split(","))
                .mapToInt(v -> Integer.parseInt(v.trim())).toArray() : null;
        if (cameraSettings != null) {
            io.vidprop.settings.CameraSettingsJson.parse(cameraSettings); // refuse a bad value before anything runs
        }
        settings = ProposalSettings.builder().modelPath(model).batchSize(batchSize).maxWaitMillis(maxWaitMs)
                .inferenceThread(ProposalSettings.InferenceThreading.parse(args.getOrDefault("inference-thread", "auto")))
                .cpuThreads(Integer.parseInt(args.getOrDefault("cpu-threads",
                        "" + ProposalSettings.DEFAULT_CPU_THREADS)))
                .build();
        inferenceThread = new InferencePlanner(settings, false, Runtime.getRuntime().availableProcessors())
                .separateThread();
        directLoop = new DirectLoop(model, batchSize, parallelism, inferenceThread, out);
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
                video == null ? "rendering 1280x720" : "reading " + video + " into", maxCameras * FramePool.POOL_PER_CAMERA,
                maxCameras, FramePool.POOL_PER_CAMERA);
        byte[][][] pool = video == null ? FramePool.render(maxCameras) : FramePool.read(video, maxCameras);
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
            List<Published> warmUp = FramePool.frameList(pool, first, frames);
            List<Path> copies = modelCounts == null ? List.of() : ModelCopies.write(
                    Files.createTempDirectory("vidprop-bench-models-"), model, Arrays.stream(modelCounts).max()
                            .orElse(1));
            List<Path> warmUpModels = modelCounts == null ? List.of() : copies.subList(0, modelCounts[0]);
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            for (int round = 1; round <= 5; round++) {
                long jit0 = jit.getTotalCompilationTime();
                long t0 = System.currentTimeMillis();
                directLoop.run(warmUp);
                pipeline(kafka, "warm-up-" + round, first, warmUp, warmUpModels);
                double share = (jit.getTotalCompilationTime() - jit0)
                        / (double) Math.max(1, System.currentTimeMillis() - t0);
                out.printf("warm-up round %d: %d camera(s), %d frames (untimed); JIT compilation %.0f%% of the round%n",
                        round, first, warmUp.size(), 100 * share);
                if (share < 0.10) {
                    break;
                }
            }
            int[] runs = modelCounts == null ? cameraCounts : modelCounts;
            for (int r : runs) {
                int cameras = modelCounts == null ? r : first;
                List<Path> models = modelCounts == null ? List.of() : copies.subList(0, r);
                List<Published> input = FramePool.frameList(pool, cameras, frames);
                // The direct loop runs before and after the pipeline and the better run counts, so neither warm-up
                // nor a disturbance on this shared machine flatters the pipeline.
                double before = directLoop.run(input);
                PipelineRun run = pipeline(kafka, cameras + (models.isEmpty() ? "" : "-models-" + r), cameras, input,
                        models);
                double direct = Math.max(before, directLoop.run(input));
                rows.add(new Row(cameras, models.size(), input.size(), direct, run.fps(), run.p50(), run.p99(),
                        run.pacedFps(), run.complete(), run.rssMb(), run.heapMb()));
            }
        }
        String table = table(rows);
        out.println();
        out.print(table);
        return table;
    }

    private PipelineRun pipeline(EmbeddedKafka kafka, String name, int cameras, List<Published> input,
            List<Path> models) throws Exception {
        String framesTopic = "frames-" + name;
        String proposalsTopic = "proposals-" + name;
        kafka.createTopics(Math.min(cameras, 4), framesTopic);
        kafka.createTopics(1, proposalsTopic, "dead-letters-" + name, "events-" + name, "settings-dead-letters-" + name);
        kafka.createCompactedTopicIfMissing("settings-" + name);
        if (cameraSettings != null || !models.isEmpty()) {
            try (KafkaProducer<byte[], byte[]> producer = BenchKafka.producer(kafka)) {
                for (int c = 0; c < cameras; c++) {
                    CameraSettings s = cameraSettings == null ? CameraSettings.DEFAULT
                            : CameraSettingsJson.parse(cameraSettings);
                    if (!models.isEmpty()) {
                        s = s.withModel(models.get(c % models.size()).toString());
                    }
                    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("settings-" + name,
                            ("camera-" + (c + 1)).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            CameraSettingsJson.toJson(s).getBytes(java.nio.charset.StandardCharsets.UTF_8))).get();
                }
            }
        }
        ProposalSettings runSettings = models.isEmpty() ? settings : settings.toBuilder()
                .maxLoadedModels(Math.max(settings.maxLoadedModels(), models.size() + 1)).build();
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
                .settingsTopic("settings-" + name)
                .settingsDeadLetterTopic("settings-dead-letters-" + name)
                .eventsTopic("events-" + name)
                .groupId("bench-" + name)
                .parallelism(parallelism)
                .checkpointIntervalMillis(checkpointIntervalMs)
                .transactionalIdPrefix("bench-" + name)
                .proposals(runSettings)
                .build());
        JobClient job = env.executeAsync("vidprop pipeline benchmark, " + cameras + " camera(s)");
        try (KafkaProducer<byte[], byte[]> producer = BenchKafka.producer(kafka);
                KafkaConsumer<byte[], byte[]> consumer = BenchKafka.consumer(kafka, proposalsTopic)) {
            List<Published> warmUp = new ArrayList<>();
            for (int i = 0; warmUp.size() < Math.max(WARM_UP_FRAMES, cameras); i++) {
                for (int c = 0; c < cameras; c++) {
                    warmUp.add(new Published("camera-" + (c + 1), i, input.get(c).jpeg()));
                }
            }
            BenchKafka.send(producer, framesTopic, warmUp, 0);
            BenchKafka.receive(consumer, warmUp.size());

            long firstSend = System.currentTimeMillis();
            BenchKafka.send(producer, framesTopic, input, 0);
            BenchKafka.Received saturated = BenchKafka.receive(consumer, input.size());
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
            BenchKafka.Received latency;
            try {
                Future<?> sending = sender.submit(() -> {
                    BenchKafka.send(producer, framesTopic, paced, rate);
                    return null;
                });
                latency = BenchKafka.receive(consumer, paced.size());
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
            // Every camera's model is loaded now (the job keeps them): what the process holds.
            double heap = ModelCopies.heapAfterGcMb();
            double rss = ModelCopies.rssMb();
            out.printf("after the run: resident %.0f MB, heap after GC %.1f MB%n", rss, heap);
            return new PipelineRun(pipelineFps, p50, p99, rate, complete, rss, heap);
        } finally {
            job.cancel().get();
        }
    }

    private String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("batch size %d, max wait %d ms, checkpoint every %d ms, parallelism %d (direct loop: as "
                + "many threads), PyTorch intra-op threads %s, model %s, %d CPU cores, Java %s%n%n", batchSize, maxWaitMs,
                checkpointIntervalMs, parallelism,
                ProposalModel.cpuThreads() + (inferenceThread ? ", model in a thread of its own (both loops)" : ""),
                (model == null ? "built-in" : model) + (cameraSettings == null ? "" : ", every camera's settings "
                        + cameraSettings),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        if (modelCounts != null) {
            sb.append("| cameras | distinct models | frames | direct loop, one model (frames/s) | pipeline (frames/s) "
                    + "| pipeline / direct | latency p50 | latency p99 | (paced at) | every frame out? | resident "
                    + "memory after (MB) | heap after GC (MB) |\n");
            sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|\n");
            for (Row r : rows) {
                sb.append(String.format("| %d | %d | %d | %.1f | %.1f | %.0f%% | %d ms | %d ms | %d frames/s | %s "
                        + "| %.0f | %.1f |%n", r.cameras(), r.models(), r.frames(), r.directFps(), r.pipelineFps(),
                        100 * r.pipelineFps() / r.directFps(), r.p50(), r.p99(), r.pacedFps(),
                        r.complete() ? "yes" : "NO", r.rssMb(), r.heapMb()));
            }
            return sb.toString();
        }
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
