package io.vidprop.cli;

import io.vidprop.cluster.FlinkRestClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/** {@code vidprop stop}: stops a job on a Flink cluster with a savepoint and prints the savepoint's path. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stops a job on a Flink cluster with a savepoint (REST API) and prints the savepoint's path, "
                + "for `vidprop submit --from-savepoint PATH`.")
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
        String location = FlinkRestClient.connect(jobManager)
                .stopWithSavepoint(jobId, savepointDir, drain, Duration.ofSeconds(timeoutSeconds));
        spec.commandLine().getOut().println(location);
        return 0;
    }
}
