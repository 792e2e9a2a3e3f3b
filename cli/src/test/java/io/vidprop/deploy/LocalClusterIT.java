package io.vidprop.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.cli.Vidprop;
import io.vidprop.cluster.FlinkRestClient;
import io.vidprop.kafka.FrameHeaders;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.synth.Images;
import io.vidprop.synth.SceneConfig;
import io.vidprop.synth.SyntheticVideo;
import io.vidprop.testing.TestModels;
import io.vidprop.testing.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment path end to end, on the local multi-process cluster of deploy/local (a JobManager and two
 * TaskManagers as separate JVMs, Kafka's broker as another): the shaded jar uploaded over REST, frames processed,
 * the job stopped with a savepoint, resumed from it at parallelism 2, and exactly one proposal per frame across the
 * restart; and with one task manager declaring a GPU, inference placed on that one. Runs in `mvn verify` after the jar
 * is built; `-DexcludedGroups=cluster` skips it.
 */
@Tag("cluster")
class LocalClusterIT {
    static final String[] CAMERAS = {"cam-1", "cam-2", "cam-3"};
    static final int FRAMES_PER_PHASE = 4;
    static final int BATCH_SIZE = 4;
    static final long CAPTURE_EPOCH_MS = System.currentTimeMillis();

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    @TempDir
    static Path tmp;
    static Path runDir;
    static String restEndpoint;
    static String bootstrapServers;
    static Path modelDir;
    static int[] prometheusPorts;
    static final String SECRET = "s3cr3t-never-shown";

    @BeforeAll
    static void startCluster() throws Exception {
        // Under target/, so the cluster's logs outlive a failed run.
        runDir = ROOT.resolve("cli/target/local-cluster-it");
        prometheusPorts = LocalClusterScripts.freePortRange(4);
        // tm-1 plain, tm-2 declaring one GPU: fine-grained resource management decides where inference may run.
        LocalClusterScripts.Cluster cluster = LocalClusterScripts.startCluster(runDir, tmp, Map.of(
                "VIDPROP_PROMETHEUS_PORTS", LocalClusterScripts.portRange(prometheusPorts),
                "VIDPROP_GPU_TASK_MANAGERS", "1"));
        restEndpoint = cluster.restEndpoint();
        bootstrapServers = cluster.bootstrapServers();
        modelDir = TestModels.tinyRandom(tmp.resolve("model"), "cluster-test");
    }

    /** A failed test's job would keep its slots from the next test. */
    @AfterEach
    void cancelJobs() throws Exception {
        FlinkRestClient flink = FlinkRestClient.connect(restEndpoint);
        for (String job : flink.unfinishedJobs()) {
            flink.cancel(job);
            awaitState(flink, job, "CANCELED");
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (runDir == null) {
            return;
        }
        // Output to a file: the test JVM's own stdout is the build tool's channel to it.
        ProcessBuilder stop = new ProcessBuilder(ROOT.resolve("deploy/local/stop-cluster.sh").toString())
                .redirectErrorStream(true).redirectOutput(runDir.resolve("stop-cluster.out").toFile());
        stop.environment().put("VIDPROP_RUN_DIR", runDir.toString());
        assertEquals(0, stop.start().waitFor(), "stop-cluster.sh");
    }

    @Test
    void stopWithSavepointAndResumeAtParallelismTwoGivesExactlyOneProposalPerFrame() throws Exception {
        FlinkRestClient flink = FlinkRestClient.connect(restEndpoint);
        assertEquals(2, flink.taskManagers(), "two task managers");

        produce(0, FRAMES_PER_PHASE);
        // Client settings go to the cluster as content; a secret in them shows nowhere (PLAINTEXT ignores SASL).
        Path kafkaProperties = Files.writeString(tmp.resolve("client.properties"),
                "client.dns.lookup=use_all_dns_ips\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                        + " required username=\"job\" password=\"" + SECRET + "\";\n");
        String first = jobId(vidprop("submit", "--parallelism", "1", "--kafka-properties", kafkaProperties.toString()));
        awaitRunning(flink, first);
        assertEquals(CAMERAS.length * FRAMES_PER_PHASE, readCommitted(CAMERAS.length * FRAMES_PER_PHASE).size());
        assertTheKafkaSettingsArrivedAndTheSecretShowsNowhere(first);
        assertPrometheusServesVidpropMetricsPerCamera();

        String savepoint = vidprop("stop", "--jobmanager", restEndpoint, first).trim();
        assertTrue(savepoint.contains("savepoint-"), savepoint);
        // The savepoint completes first; the job reaches FINISHED a moment later.
        awaitState(flink, first, "FINISHED");

        // Frames that arrive while no job runs, then more after the resumed job started.
        produce(FRAMES_PER_PHASE, 2 * FRAMES_PER_PHASE);
        String second = jobId(vidprop("submit", "--parallelism", "2", "--from-savepoint", savepoint));
        awaitRunning(flink, second);
        // Every vertex at the new parallelism but the camera settings' source, which is one subtask by design.
        assertTrue(flink.vertexParallelism(second).entrySet().stream()
                        .allMatch(e -> e.getValue() == (e.getKey().contains("camera settings") ? 1 : 2)),
                flink.vertexParallelism(second).toString());
        produce(2 * FRAMES_PER_PHASE, 3 * FRAMES_PER_PHASE);
        // A replay of a frame each camera had before the savepoint: the restored per-camera state drops it.
        produceReplays(1);

        int expected = CAMERAS.length * 3 * FRAMES_PER_PHASE;
        List<ConsumerRecord<byte[], byte[]>> proposals = readCommitted(expected);
        Map<String, Integer> perFrame = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : proposals) {
            ProposalRecord p = ProposalRecord.fromJson(new String(r.value(), StandardCharsets.UTF_8));
            perFrame.merge(p.cameraId + "#" + p.sequence, 1, Integer::sum);
        }
        assertEquals(expected, perFrame.size(), "every frame has a proposal record: " + perFrame.keySet());
        perFrame.forEach((frame, n) -> assertEquals(1, n, frame + " has " + n + " proposal records"));
        assertEquals(expected, proposals.size(), "no other records");
    }

    @Test
    void inferenceWithAGpuProfileRunsOnlyOnTheTaskManagerThatHasAGpu() throws Exception {
        FlinkRestClient flink = FlinkRestClient.connect(restEndpoint);
        Set<String> gpuTaskManagers = flink.taskManagersWith("gpu");
        assertEquals(Set.of("tm-2"), gpuTaskManagers);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic("gpu-frames", 2, (short) 1), new NewTopic("gpu-proposals", 1, (short) 1),
                    new NewTopic("gpu-dead", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        String job = jobId(vidprop("submit", "--parallelism", "1", "--frames-topic", "gpu-frames",
                "--proposals-topic", "gpu-proposals", "--dead-letter-topic", "gpu-dead", "--group-id", "gpu",
                "--transactional-id-prefix", "gpu", "--inference-slot-sharing-group", "inference",
                "--inference-slot-gpus", "1", "--inference-slot-cpu-cores", "0.5", "--inference-slot-heap-mb", "128"));
        awaitRunning(flink, job);
        Map<String, Set<String>> placement = flink.vertexTaskManagers(job);
        assertEquals(gpuTaskManagers, placement.get("proposals"), "inference on the GPU task manager: " + placement);

        produce("gpu-frames", 0, 2);
        assertEquals(CAMERAS.length * 2, readCommitted("gpu-proposals", CAMERAS.length * 2).size());
    }

    /**
     * The cluster jar through Flink's own command-line client (deploy/local/flink.sh runs CliFrontend, as a
     * distribution's bin/flink does): job options as Flink configuration (-D) and as program arguments, the
     * parallelism from -p (the job must not override it), proposals out; then list and cancel through the same client.
     */
    @Test
    void flinkRunOfTheClusterJarTakesDashDOptionsAndDashPAndListAndCancelWork() throws Exception {
        FlinkRestClient flink = FlinkRestClient.connect(restEndpoint);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic("cli-frames", 2, (short) 1), new NewTopic("cli-proposals", 1, (short) 1),
                    new NewTopic("cli-dead", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        String submitted = flinkCli("run", "-d", "-p", "2", "-Dvidprop.frames-topic=cli-frames",
                "-Dvidprop.proposals-topic=cli-proposals", ROOT.resolve("job/target/vidprop-job.jar").toString(),
                "--bootstrap-servers", bootstrapServers, "--model", modelDir.toString(), "--checkpoint-interval-ms", "500",
                "--batch-size", Integer.toString(BATCH_SIZE), "--dead-letter-topic", "cli-dead", "--group-id", "cli",
                "--transactional-id-prefix", "cli");
        String job = submitted.lines().filter(l -> l.startsWith("Job has been submitted with JobID "))
                .map(l -> l.substring("Job has been submitted with JobID ".length()).trim()).findFirst()
                .orElseThrow(() -> new AssertionError("flink run printed no job id:\n" + submitted));
        awaitRunning(flink, job);
        Map<String, Integer> parallelism = flink.vertexParallelism(job);
        assertEquals(3, parallelism.size(), "frames source, camera settings source, proposals: " + parallelism);
        assertTrue(parallelism.entrySet().stream()
                .allMatch(e -> e.getValue() == (e.getKey().contains("camera settings") ? 1 : 2)),
                "flink run -p 2 (the camera settings' source is one subtask): " + parallelism);
        String jobConfig = httpGet("http://" + restEndpoint + "/jobs/" + job + "/config");
        assertTrue(jobConfig.contains("\"frames-topic\":\"cli-frames\"") && jobConfig.contains("\"proposals-topic\":\"cli-proposals\"")
                && jobConfig.contains("\"group-id\":\"cli\""), jobConfig);

        produce("cli-frames", 0, 2);
        assertEquals(CAMERAS.length * 2, readCommitted("cli-proposals", CAMERAS.length * 2).size());

        assertTrue(flinkCli("list").lines().anyMatch(l -> l.contains(job) && l.endsWith("(RUNNING)")), "flink list");
        assertTrue(flinkCli("cancel", job).contains("Cancelled job " + job), "flink cancel");
        awaitState(flink, job, "CANCELED");
    }

    /** deploy/local/flink.sh with the given arguments against the test's cluster; its output, after a zero exit. */
    static String flinkCli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("deploy/local/flink.sh").toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(tmp, "flink-cli", ".out");
        ProcessBuilder cli = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        cli.environment().put("VIDPROP_RUN_DIR", runDir.toString());
        Process p = cli.start();
        boolean done = p.waitFor(3, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(output);
        assertTrue(done && p.exitValue() == 0, "flink " + List.of(args) + ":\n" + out);
        return out;
    }

    static void assertTheKafkaSettingsArrivedAndTheSecretShowsNowhere(String jobId) throws Exception {
        String jobConfig = httpGet("http://" + restEndpoint + "/jobs/" + jobId + "/config");
        assertTrue(jobConfig.contains("\"kafka.client.dns.lookup\":\"use_all_dns_ips\""), jobConfig);
        assertTrue(jobConfig.contains("\"kafka.sasl.jaas.config\":\"******\""), jobConfig);
        for (String page : List.of("/jobs/" + jobId + "/config", "/jobs/" + jobId + "/jobmanager/config",
                "/jobmanager/config", "/jobs/" + jobId)) {
            assertFalse(httpGet("http://" + restEndpoint + page).contains(SECRET), page + " shows the secret");
        }
        try (Stream<Path> logs = Files.list(runDir.resolve("log"))) {
            for (Path log : logs.toList()) {
                assertFalse(Files.readString(log, StandardCharsets.ISO_8859_1).contains(SECRET), log + " has the secret");
            }
        }
    }

    /** The task managers' Prometheus reporters serve the proposal operator's metrics, per camera too. */
    static void assertPrometheusServesVidpropMetricsPerCamera() throws Exception {
        StringBuilder all = new StringBuilder();
        for (int port : prometheusPorts) {
            try {
                all.append(httpGet("http://127.0.0.1:" + port + "/metrics"));
            } catch (IOException e) {
                // Fewer processes than ports in the range.
            }
        }
        List<String> lines = all.toString().lines().filter(l -> !l.startsWith("#")).toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("flink_taskmanager_job_task_operator_framesIn{")
                && l.contains("operator_name=\"proposals\"")), "operator metrics: " + sample(lines, "framesIn"));
        for (String camera : CAMERAS) {
            // Flink's Prometheus reporter writes label values with '_' for characters other than letters and digits.
            String label = "camera=\"" + camera.replace('-', '_') + "\"";
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("flink_taskmanager_job_task_operator_camera_proposalsOut{")
                    && l.contains(label)
                    && l.endsWith(" " + (double) FRAMES_PER_PHASE)), camera + ": " + sample(lines, "proposalsOut"));
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("inferenceOnGpu")), sample(lines, "inference"));
        assertTrue(lines.stream().anyMatch(l -> l.contains("maxBatchSize") && l.endsWith(" " + (double) BATCH_SIZE)),
                sample(lines, "Batch"));
    }

    static String sample(List<String> lines, String containing) {
        return lines.stream().filter(l -> l.contains(containing)).limit(8).toList().toString();
    }

    static String httpGet(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return r.body();
    }

    static void awaitState(FlinkRestClient flink, String jobId, String state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!flink.jobState(jobId).equals(state)) {
            assertTrue(System.nanoTime() < deadline, "job " + jobId + " is " + flink.jobState(jobId) + ", not " + state);
            Thread.sleep(250);
        }
    }

    static String vidprop(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        if (command.equals("submit")) {
            all.addAll(List.of("--jobmanager", restEndpoint, "--jar", ROOT.resolve("job/target/vidprop-job.jar").toString(),
                    "--bootstrap-servers", bootstrapServers, "--model", modelDir.toString(),
                    "--checkpoint-interval-ms", "500", "--batch-size", Integer.toString(BATCH_SIZE)));
        }
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Vidprop.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
        assertEquals(0, code, "vidprop " + all + ": " + err);
        return out.toString();
    }

    static String jobId(String submitOutput) {
        String line = submitOutput.lines().filter(l -> l.startsWith("submitted job ")).findFirst().orElseThrow();
        return line.substring("submitted job ".length()).trim();
    }

    static void awaitRunning(FlinkRestClient flink, String jobId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!flink.allTasksRunning(jobId)) {
            String state = flink.jobState(jobId);
            assertTrue(!state.equals("FAILED") && System.nanoTime() < deadline,
                    "job " + jobId + " is " + state + "; logs in " + runDir.resolve("log"));
            Thread.sleep(250);
        }
    }

    static void produce(int fromSequence, int toSequence) throws Exception {
        produce("frames", fromSequence, toSequence);
    }

    static void produce(String topic, int fromSequence, int toSequence) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int c = 0; c < CAMERAS.length; c++) {
                SyntheticVideo video = new SyntheticVideo(40 + c, SceneConfig.builder().size(320, 180).build());
                for (int i = fromSequence; i < toSequence; i++) {
                    producer.send(frame(topic, CAMERAS[c], i, jpeg(video, i))).get();
                }
            }
        }
    }

    static void produceReplays(int sequence) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int c = 0; c < CAMERAS.length; c++) {
                SyntheticVideo video = new SyntheticVideo(40 + c, SceneConfig.builder().size(320, 180).build());
                producer.send(frame("frames", CAMERAS[c], sequence, jpeg(video, sequence))).get();
            }
        }
    }

    static ProducerRecord<byte[], byte[]> frame(String topic, String camera, long sequence, byte[] jpeg) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, camera.getBytes(StandardCharsets.UTF_8), jpeg);
        r.headers().add(FrameHeaders.SEQUENCE, Long.toString(sequence).getBytes(StandardCharsets.UTF_8));
        // A frame's capture time follows from its sequence number, so a replay carries the original one (as vidprop
        // replay does) and the job recognises it as a duplicate rather than a camera that restarted its numbering.
        r.headers().add(FrameHeaders.CAPTURE_TIMESTAMP,
                Long.toString(CAPTURE_EPOCH_MS + sequence * 100).getBytes(StandardCharsets.UTF_8));
        return r;
    }

    static byte[] jpeg(SyntheticVideo video, int index) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(Images.toBufferedImage(video.frame(index).image()), "jpg", out);
        return out.toByteArray();
    }

    static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** What a read_committed consumer sees on the proposals topic: waits for the count, then a while longer. */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(int expected) {
        return readCommitted("proposals", expected);
    }

    static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, int expected) {
        return TopicReader.read(bootstrapServers, topic, expected, true, Duration.ofMinutes(2));
    }
}
