package io.vidprop.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.vidprop.cli.Vidprop;
import io.vidprop.cluster.FlinkRestClient;
import io.vidprop.cluster.JobInfo;
import io.vidprop.demo.VideoWriter;
import io.vidprop.synth.Images;
import io.vidprop.synth.SceneConfig;
import io.vidprop.synth.SyntheticVideo;
import io.vidprop.testing.TestModels;
import java.io.BufferedReader;
import java.io.IOException;
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
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vidprop batch --jobmanager} on the local multi-process cluster of deploy/local, as shipped (two task managers
 * with one slot each, its restart strategy): an archive of short files in sub-directories plus one long file, cut into
 * 20 s splits, at parallelism 2. Once the proposal operator has written its first records (seen in the job's metrics
 * over REST, not after a set time), the task manager running a proposal subtask is killed with SIGKILL and started
 * again. The job must finish, the client must have shown progress and the failure, and the output directory must
 * hold every (camera, sequence) of the archive exactly once, each record equal (but for latencyMs) to the embedded
 * {@code vidprop batch}'s over the same archive. {@code --pad-batches} makes proposals bit-identical however frames
 * are batched.
 */
@Tag("cluster")
class BatchClusterIT {
    static final double FPS = 5;
    /** Short recordings (frames each), by path below the archive: cameras "site-a/cam-1", ... */
    static final Map<String, Integer> SHORT_FILES = Map.of("site-a/cam-1.mp4", 50, "site-a/cam-2.mp4", 50,
            "site-b/north/cam-3.mp4", 50, "site-b/cam-4.mp4", 50);
    /** One long recording, 60 s: three 20 s splits. */
    static final String LONG_FILE = "long.mp4";
    static final int LONG_FRAMES = 300;
    static final int TOTAL_FRAMES = 500;
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Gson GSON = new Gson();

    @TempDir
    static Path tmp;
    static Path runDir;
    static String restEndpoint;
    static Path archive;
    /** Frames of each camera of the archive. */
    static final Map<String, Integer> FRAMES = new TreeMap<>();
    static List<String> jobOptions;

    @BeforeAll
    static void startCluster() throws Exception {
        runDir = ROOT.resolve("cli/target/batch-cluster-it");
        restEndpoint = LocalClusterScripts.startCluster(runDir, tmp, Map.of("VIDPROP_PROMETHEUS_PORTS",
                LocalClusterScripts.portRange(LocalClusterScripts.freePortRange(4)))).restEndpoint();

        archive = tmp.resolve("archive");
        long seed = 1;
        for (Map.Entry<String, Integer> f : new TreeMap<>(SHORT_FILES).entrySet()) {
            writeVideo(archive.resolve(f.getKey()), f.getValue(), seed++);
            FRAMES.put(camera(f.getKey()), f.getValue());
        }
        writeVideo(archive.resolve(LONG_FILE), LONG_FRAMES, seed);
        FRAMES.put(camera(LONG_FILE), LONG_FRAMES);
        Path model = TestModels.tinyRandom(tmp.resolve("model"), "batch-cluster-test");
        jobOptions = List.of("--video", archive.toString(), "--split-seconds", "20", "--parallelism", "2",
                "--model", model.toString(), "--pad-batches", "--batch-size", "4", "--progress-interval-s", "1");
    }

    /** A failed test's job would keep its slots from the next test. */
    @AfterEach
    void cancelJobs() throws Exception {
        FlinkRestClient flink = FlinkRestClient.connect(restEndpoint);
        for (String job : flink.unfinishedJobs()) {
            flink.cancel(job);
            LocalClusterIT.awaitState(flink, job, "CANCELED");
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (runDir != null) {
            assertEquals(0, script("stop-cluster.sh", Map.of(), runDir.resolve("stop-cluster.out")).waitFor(),
                    "stop-cluster.sh");
        }
    }

    @Test
    void aTaskManagerKilledMidArchiveLeavesEveryFrameExactlyOnceAsTheEmbeddedRunGivesIt() throws Exception {
        Map<String, Integer> frames = FRAMES;
        Path embeddedOut = tmp.resolve("embedded");
        Run embedded = vidprop(concat(List.of("batch", "--out-dir", embeddedOut.toString()), jobOptions));
        assertEquals(0, embedded.code, "embedded vidprop batch: " + embedded.err);
        assertTrue(embedded.err.contains("vidprop batch: done, " + TOTAL_FRAMES + " frames with proposal records, 0 "
                + "dead letters"), embedded.err);
        Map<String, String> expected = records(embeddedOut);
        assertEquals(expectedKeys(frames), expected.keySet(), "the embedded run's (camera, sequence)s");

        FlinkRestClient flink = FlinkRestClient.connect(restEndpoint);
        Path clusterOut = tmp.resolve("cluster");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Vidprop.commandLine()
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(concat(List.of("batch", "--jobmanager", restEndpoint, "--jar",
                        ROOT.resolve("job/target/vidprop-job.jar").toString(), "--out-dir", clusterOut.toString()),
                        jobOptions).toArray(String[]::new)));

        String job = awaitJob(flink, run, err);
        String taskManager = awaitProposalsThenPickARunningProposalTaskManager(flink, job, run, err);
        run("kill-process.sh", taskManager);
        ChaosIT.awaitTaskManagers(flink, 1, Duration.ofMinutes(1));
        run("start-process.sh", taskManager);
        ChaosIT.awaitTaskManagers(flink, 2, Duration.ofMinutes(2));

        int code = run.get(6, TimeUnit.MINUTES);
        String progress = err.toString();
        System.out.println("BatchClusterIT: client output:\n" + out + progress);
        assertEquals(0, code, "vidprop batch --jobmanager: " + progress);
        assertEquals("FINISHED", flink.jobState(job));
        assertTrue(progress.matches("(?s).*vidprop batch: +\\d+% \\d+/" + TOTAL_FRAMES + " frames.*"),
                "progress lines: " + progress);
        assertTrue(progress.contains("vidprop batch: a task failed ("), "the failure was reported: " + progress);

        Map<String, String> actual = records(clusterOut);
        Set<String> missing = new TreeSet<>(expectedKeys(frames));
        missing.removeAll(actual.keySet());
        assertEquals(Set.of(), missing, "(camera, sequence)s of the archive with no record");
        assertEquals(expectedKeys(frames), actual.keySet(), "every (camera, sequence) of the archive");
        assertTrue(progress.contains("vidprop batch: done, " + TOTAL_FRAMES + " frames with proposal records, 0 dead "
                + "letters"), "the summary (the output holds all " + TOTAL_FRAMES + " records): " + progress);
        List<String> different = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            if (!e.getValue().equals(actual.get(e.getKey()))) {
                different.add(e.getKey());
            }
        }
        assertEquals(List.of(), different.subList(0, Math.min(10, different.size())),
                different.size() + " records differ from the embedded run's");
    }

    @Test
    void aDetachedBatchJobReturnsAtOnceAndVidpropStopCancelsIt() throws Exception {
        FlinkRestClient flink = FlinkRestClient.connect(restEndpoint);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Vidprop.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(concat(List.of("batch", "--jobmanager", restEndpoint, "--jar",
                        ROOT.resolve("job/target/vidprop-job.jar").toString(), "--detach", "--out-dir",
                        tmp.resolve("detached").toString()), jobOptions).toArray(String[]::new));
        assertEquals(0, code, "vidprop batch --detach: " + err);
        String job = LocalClusterIT.jobId(out.toString());
        assertTrue(out.toString().contains("web UI: http://" + restEndpoint + "/#/job/running/" + job), out.toString());
        assertTrue(!err.toString().contains("vidprop batch: done"), "returned without following the job: " + err);
        String state = flink.jobState(job);
        assertTrue(!JobInfo.GLOBALLY_TERMINAL.contains(state), "the job runs on after the client returned: " + state);

        StringWriter stopOut = new StringWriter();
        StringWriter stopErr = new StringWriter();
        int stopped = Vidprop.commandLine().setOut(new PrintWriter(stopOut, true))
                .setErr(new PrintWriter(stopErr, true)).execute("stop", job, "--jobmanager", restEndpoint);
        assertEquals(0, stopped, "vidprop stop: " + stopErr);
        assertTrue(stopOut.toString().startsWith("cancelled batch job " + job + " (vidprop batch): CANCELED; batch "
                + "jobs take no savepoint"), stopOut.toString());
        assertEquals("CANCELED", flink.jobState(job));
    }

    /** The camera of a file below the archive: its path without extension. */
    static String camera(String path) {
        return path.substring(0, path.lastIndexOf('.'));
    }

    static Set<String> expectedKeys(Map<String, Integer> frames) {
        Set<String> keys = new TreeSet<>();
        frames.forEach((camera, n) -> {
            for (int s = 0; s < n; s++) {
                keys.add(camera + "#" + s);
            }
        });
        return keys;
    }

    /**
     * The proposal records in {@code dir}/proposals/ (finished part files only; hidden in-progress files of failed
     * attempts are not output) by "camera#sequence", each as JSON without latencyMs; fails on a duplicate.
     */
    static Map<String, String> records(Path dir) throws IOException {
        Map<String, String> records = new TreeMap<>();
        List<String> duplicates = new ArrayList<>();
        List<Path> parts;
        try (Stream<Path> s = Files.walk(dir.resolve("proposals"))) {
            parts = s.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")).toList();
        }
        for (Path part : parts) {
            assertTrue(part.getFileName().toString().matches("part-.*\\.jsonl"), "a part file: " + part);
            try (BufferedReader r = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    JsonObject record = GSON.fromJson(line, JsonObject.class);
                    record.remove("latencyMs");
                    String key = record.get("cameraId").getAsString() + "#" + record.get("sequence").getAsLong();
                    if (records.put(key, GSON.toJson(record)) != null) {
                        duplicates.add(key);
                    }
                }
            }
        }
        assertEquals(List.of(), duplicates, "records written more than once in " + dir);
        return records;
    }

    /** The batch job's id, once the client has submitted it. */
    static String awaitJob(FlinkRestClient flink, CompletableFuture<Integer> run, StringWriter err) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            List<String> jobs = flink.unfinishedJobs();
            if (!jobs.isEmpty()) {
                return jobs.get(0);
            }
            assertTrue(!run.isDone() && System.nanoTime() < deadline, "no job submitted: " + err);
            Thread.sleep(200);
        }
    }

    /**
     * Waits until the job's proposal operator has written records (its framesOut metric over REST), then returns the
     * local cluster's name (taskmanager-N for resource id tm-N) of a task manager with a proposal subtask still
     * running, so the kill always interrupts one.
     */
    static String awaitProposalsThenPickARunningProposalTaskManager(FlinkRestClient flink, String job,
            CompletableFuture<Integer> run, StringWriter err) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            assertTrue(!run.isDone() && System.nanoTime() < deadline, "the job ended (or took too long) before "
                    + "proposals were written: " + err);
            JobInfo info = flink.job(job);
            for (JobInfo.Vertex v : info.vertices()) {
                if (!v.name().startsWith("proposals")) {
                    continue;
                }
                double framesOut = flink.subtaskMetrics(job, v.id(), List.of("proposals.framesOut")).values().stream()
                        .mapToDouble(FlinkRestClient.AggregatedMetric::sum).sum();
                if (framesOut > 0) {
                    assertTrue(framesOut < TOTAL_FRAMES, "the archive was done before the kill: " + framesOut);
                    JsonObject vertex = GSON.fromJson(LocalClusterIT.httpGet("http://" + restEndpoint + "/jobs/" + job
                            + "/vertices/" + v.id()), JsonObject.class);
                    for (JsonElement s : vertex.getAsJsonArray("subtasks")) {
                        JsonObject subtask = s.getAsJsonObject();
                        if (subtask.get("status").getAsString().equals("RUNNING")) {
                            String id = subtask.get("taskmanager-id").getAsString();
                            assertTrue(id.startsWith("tm-"), "a local cluster task manager: " + id);
                            return "taskmanager-" + id.substring(3);
                        }
                    }
                }
            }
            Thread.sleep(100);
        }
    }

    record Run(int code, String err) {}

    static Run vidprop(List<String> args) {
        StringWriter err = new StringWriter();
        int code = Vidprop.commandLine().setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true)).execute(args.toArray(String[]::new));
        return new Run(code, err.toString());
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static void writeVideo(Path file, int frames, long seed) throws Exception {
        Files.createDirectories(file.getParent());
        SyntheticVideo video = new SyntheticVideo(seed, SceneConfig.builder().size(160, 120).build());
        try (VideoWriter w = new VideoWriter(file, 160, 120, FPS)) {
            for (int i = 0; i < frames; i++) {
                w.write(Images.toBufferedImage(video.frame(i).image()));
            }
        }
    }

    static void run(String script, String... args) throws Exception {
        LocalClusterScripts.run(runDir, tmp, script, args);
    }

    static Process script(String script, Map<String, String> env, Path output, String... args) throws IOException {
        return LocalClusterScripts.start(runDir, script, env, output, args);
    }
}
