package io.vidprop.cli;

import io.vidprop.cluster.FlinkRestClient;
import io.vidprop.cluster.JobInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/**
 * {@code vidprop stop}: stops a streaming job on a Flink cluster with a savepoint and prints the savepoint's path; a
 * batch job ({@code vidprop batch --jobmanager}), which cannot take a savepoint, is cancelled.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stops a job on a Flink cluster with a savepoint (REST API) and prints the savepoint's path, "
                + "for `vidprop submit --from-savepoint PATH`.",
            "A batch job (vidprop batch --jobmanager) takes no savepoint: it is cancelled instead. Part files it "
                + "committed stay in --out-dir; run it again over the files still to do (see deploy/README.md)."})
final class StopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "JOB_ID", description = "The job to stop (as `vidprop submit` printed it).")
    String jobId;

    @Option(names = "--jobmanager", defaultValue = FlinkRestClient.DEFAULT_JOBMANAGER,
            description = "The cluster's REST endpoint, HOST:PORT (default: ${DEFAULT-VALUE}).")
    String jobManager;

    @Option(names = "--savepoint-dir",
            description = "Where to write the savepoint, as the cluster sees it (default: the cluster's "
                    + "execution.checkpointing.savepoint-dir).")
    String savepointDir;

    @Option(names = "--drain", defaultValue = "false",
            description = "Flush pending work and end the job for good instead of pausing it (default: ${DEFAULT-VALUE}).")
    boolean drain;

    @Option(names = "--timeout-s", defaultValue = "300",
            description = "How long to wait for the savepoint (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        FlinkRestClient flink = FlinkRestClient.connect(jobManager);
        JobInfo job = flink.job(jobId);
        if (job.batch()) {
            return cancelBatchJob(flink, job);
        }
        String location = flink.stopWithSavepoint(jobId, savepointDir, drain, Duration.ofSeconds(timeoutSeconds));
        spec.commandLine().getOut().println(location);
        return 0;
    }

    /** Cancels a batch job (a batch job takes no savepoint) and waits until it is cancelled. */
    private int cancelBatchJob(FlinkRestClient flink, JobInfo job) throws Exception {
        if (job.terminal()) {
            throw new IllegalStateException("job " + jobId + " (" + job.name() + ") is already " + job.state());
        }
        if (savepointDir != null || drain) {
            spec.commandLine().getErr().println("vidprop stop: job " + jobId + " is a batch job, which takes no "
                    + "savepoint: cancelling it (--savepoint-dir and --drain do not apply)");
        }
        flink.cancel(jobId);
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        String state;
        while (!JobInfo.GLOBALLY_TERMINAL.contains(state = flink.jobState(jobId))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("job " + jobId + " was still " + state + " " + timeoutSeconds
                        + " s after it was cancelled");
            }
            Thread.sleep(250);
        }
        spec.commandLine().getOut().println("cancelled batch job " + jobId + " (" + job.name() + "): " + state
                + "; batch jobs take no savepoint. Part files committed before the cancel stay in the output "
                + "directory; in-progress ones (hidden, leading dot) are not output.");
        return 0;
    }
}
