package io.vidprop.cli;

import io.vidprop.batch.BatchJob;
import io.vidprop.batch.BatchJobOptions;
import io.vidprop.batch.BatchOptions;
import io.vidprop.batch.SortedOutput;
import io.vidprop.cluster.BatchProgress;
import io.vidprop.cluster.FlinkRestClient;
import io.vidprop.cluster.JarRun;
import io.vidprop.cluster.JobInfo;
import io.vidprop.job.ClusterEntry;
import io.vidprop.operators.ProposalOperator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vidprop batch}: the job's operators over an archive of video files in Flink's batch mode, on a MiniCluster in
 * this JVM or, with {@code --jobmanager}, on a Flink cluster (the cluster jar's {@code batch} entry, submitted over
 * REST). Either way the cluster writes the output and the client shows the job's progress from its REST API.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {"Runs the streaming job's operators over an archive of video files (files, directories, glob "
                + "patterns; one camera per file) in Flink's BATCH execution mode, as fast as the machine allows. For "
                + "the same frames the proposals equal those of replay + run. Long files are cut into time ranges "
                + "read in parallel. Output: --out-dir (part files written by the job), --proposals-topic, or --out "
                + "(one file sorted by camera and sequence, dead letters in NAME.dead-letters.jsonl; the default).",
            "With --jobmanager the job runs on that Flink cluster (the cluster jar's `batch` entry, as `vidprop "
                + "submit` starts the streaming job), writing to --out-dir or --proposals-topic as the cluster sees "
                + "them; no record passes through this client. Progress (frames done, frames/s, time left, dead "
                + "letters) goes to stderr while the job runs."})
final class BatchCommand implements Callable<Integer> {
    /** How many dead letters are printed; the rest are in the output. */
    static final int DEAD_LETTERS_SHOWN = 20;
    /** How often the embedded cluster's JobManager fetches metrics, for the progress line. */
    static final Duration EMBEDDED_METRIC_FETCH_INTERVAL = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @Mixin
    BatchJobOptions job;

    @Option(names = "--out", paramLabel = "FILE.jsonl", description = {"One JSON-lines file of proposal records sorted "
            + "by camera and sequence, dead letters in FILE.dead-letters.jsonl (default when neither --out-dir nor "
            + "--proposals-topic is given: proposals.jsonl). The job writes part files beside it, merged at the end "
            + "with memory independent of the archive's size. Not with --jobmanager."})
    Path out;

    @Option(names = "--jobmanager", paramLabel = "HOST:PORT", description = {"Run the job on this Flink cluster "
            + "(its REST endpoint) instead of in this process; needs --out-dir or --proposals-topic. Relative "
            + "--video and --out-dir paths are made absolute here: the cluster must see the same paths (a shared "
            + "mount), or give URIs (s3://, hdfs://...)."})
    String jobManager;

    @Option(names = "--jar", description = "With --jobmanager: the cluster jar to upload (default: the one the vidprop "
            + "launcher built, job/target/vidprop-job.jar).")
    Path jar;

    @Option(names = "--detach", description = {"With --jobmanager: print the job id and its web UI page and return "
            + "while the job runs (`vidprop stop JOB_ID --jobmanager ...` cancels it)."})
    boolean detach;

    @Option(names = "--progress-interval-s", defaultValue = "10", paramLabel = "S", description = {"Seconds between "
            + "progress lines when stderr is not a terminal (on a terminal one line is updated every second); 0: "
            + "no progress (default: ${DEFAULT-VALUE})."})
    double progressIntervalSeconds;

    @Override
    public Integer call() throws Exception {
        if (out != null && (job.outDir() != null || job.proposalsTopic() != null)) {
            throw new IllegalArgumentException("give one of --out, --out-dir and --proposals-topic");
        }
        if (jobManager != null) {
            return onCluster();
        }
        if (detach || jar != null) {
            throw new IllegalArgumentException((detach ? "--detach" : "--jar") + " needs --jobmanager");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (job.outDir() != null || job.proposalsTopic() != null) {
            BatchOptions options = job.options();
            if (options.kafka() != null) {
                String note = BatchTopicCheck.check(options);
                if (note != null) {
                    stdout.println("note: " + note);
                }
            }
            embedded(options);
            stdout.println(options.outDir() != null ? "output in " + options.outDir()
                    : "proposal records published to " + job.proposalsTopic());
            return 0;
        }
        Path file = out != null ? out : Path.of("proposals.jsonl");
        Path parts = Files.createTempDirectory(file.toAbsolutePath().getParent() == null ? Path.of(".")
                : Files.createDirectories(file.toAbsolutePath().getParent()), ".vidprop-batch-");
        try {
            embedded(job.builder().outDir(parts.toString()).build());
            SortedOutput.Counts counts = SortedOutput.merge(parts, file);
            Path deadLetters = SortedOutput.deadLetterFile(file);
            printDeadLetters(deadLetters, stdout);
            stdout.printf("%d proposal records in %s, %d dead letters in %s%n", counts.proposals(), file,
                    counts.deadLetters(), deadLetters);
        } finally {
            FileTrees.deleteRecursively(parts);
        }
        return 0;
    }

    /**
     * Submits the cluster entry's {@code batch} with these options to the cluster and, unless detached, follows the
     * job to its end with a progress line.
     */
    private int onCluster() throws Exception {
        if (out != null) {
            throw new IllegalArgumentException("--out is for runs in this process: with --jobmanager give --out-dir "
                    + "or --proposals-topic, written by the cluster");
        }
        if (job.outDir() == null && job.proposalsTopic() == null) {
            throw new IllegalArgumentException("with --jobmanager give --out-dir DIR|URI or --proposals-topic T: the "
                    + "cluster writes the output");
        }
        job.resolveAgainst(Path.of(""));
        job.options(); // Fails here, with the same message as on the cluster, rather than there.
        Path jobJar = jar != null ? jar : SubmitCommand.launcherJobJar();
        FlinkRestClient flink = FlinkRestClient.connect(jobManager);
        String jarId = flink.uploadJar(jobJar);
        List<String> args = new ArrayList<>(List.of("batch"));
        args.addAll(job.asArguments());
        long submitted = System.nanoTime();
        String jobId = flink.runJar(jarId, new JarRun(ClusterEntry.class.getName(), args,
                SubmitCommand.kafkaSettingsForTheCluster(job.kafkaPropertiesFile()), null, false));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("submitted job " + jobId);
        stdout.println("web UI: " + flink.jobPage(jobId));
        stdout.flush();
        if (detach) {
            stdout.println("cancel it with: vidprop stop " + jobId + " --jobmanager " + jobManager);
            return 0;
        }
        JobInfo end = progress(flink, jobId).follow(() -> false);
        Duration took = Duration.ofMillis(end.durationMillis() > 0 ? end.durationMillis()
                : (System.nanoTime() - submitted) / 1_000_000);
        if (!end.state().equals("FINISHED")) {
            FlinkRestClient.Failure failure = end.state().equals("FAILED") ? flink.latestFailure(jobId) : null;
            throw new IOException("job " + jobId + " " + end.state() + (failure != null ? ": " + failure.cause() : "")
                    + "; see " + flink.jobPage(jobId));
        }
        Map<String, Long> totals = flink.accumulators(jobId);
        spec.commandLine().getErr().println(BatchProgress.summary(
                totals.getOrDefault(ProposalOperator.FRAMES_OUT_ACCUMULATOR, 0L),
                totals.getOrDefault(ProposalOperator.DEAD_LETTERS_ACCUMULATOR, 0L), took));
        stdout.println(job.outDir() != null ? "output in " + job.outDir()
                : "proposal records published to " + job.proposalsTopic());
        return 0;
    }

    /** Runs the job on a MiniCluster in this JVM with a REST endpoint of its own, which the progress line reads. */
    private JobExecutionResult embedded(BatchOptions options) throws Exception {
        int port = freePort();
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, Integer.toString(port));
        conf.set(RestOptions.PORT, port);
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, EMBEDDED_METRIC_FETCH_INTERVAL);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        BatchJob.build(env, options);
        long started = System.nanoTime();
        JobClient client = env.executeAsync(BatchJob.JOB_NAME);
        CompletableFuture<JobExecutionResult> result = client.getJobExecutionResult();
        progress(FlinkRestClient.connect("127.0.0.1:" + port), client.getJobID().toString()).follow(result::isDone);
        JobExecutionResult r;
        try {
            r = result.get();
        } catch (ExecutionException e) {
            throw BatchJob.damageIn(e.getCause() instanceof Exception ex ? ex : e);
        }
        Long framesOut = r.getAccumulatorResult(ProposalOperator.FRAMES_OUT_ACCUMULATOR);
        Long deadLetters = r.getAccumulatorResult(ProposalOperator.DEAD_LETTERS_ACCUMULATOR);
        spec.commandLine().getErr().println(BatchProgress.summary(framesOut == null ? 0 : framesOut,
                deadLetters == null ? 0 : deadLetters, Duration.ofNanos(System.nanoTime() - started)));
        return r;
    }

    private BatchProgress progress(FlinkRestClient flink, String jobId) {
        boolean terminal = System.console() != null;
        Duration interval = progressIntervalSeconds <= 0 ? null
                : Duration.ofMillis(terminal ? 1000 : Math.round(progressIntervalSeconds * 1000));
        return new BatchProgress(flink, jobId, spec.commandLine().getErr(), terminal, interval, job.every());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void printDeadLetters(Path file, PrintWriter out) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int shown = 0;
            while ((line = r.readLine()) != null && shown++ < DEAD_LETTERS_SHOWN) {
                out.println("dead letter: " + line);
            }
        }
    }
}
