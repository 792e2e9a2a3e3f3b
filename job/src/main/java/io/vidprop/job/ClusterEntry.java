package io.vidprop.job;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The cluster jar's Main-Class: {@code flink run vidprop-job.jar --bootstrap-servers ...}, {@code vidprop submit}
 * ({@code POST /jars/:id/run}) and application mode start the streaming job through it with the options of
 * {@code vidprop run}. It never calls System.exit (inside a JobManager that would end the cluster) and lets failures
 * propagate so the cluster reports them to whoever submitted the job.
 */
@Command(name = "vidprop-job", mixinStandardHelpOptions = true,
        description = "The streaming job: frames from Kafka in, region proposals to Kafka out (exactly once).")
public final class ClusterEntry implements Callable<Void> {
    @Mixin
    JobOptionsMixin job;

    public static void main(String[] args) throws Exception {
        CommandLine cl = new CommandLine(new ClusterEntry());
        // picocli's execute() turns an exception thrown from a handler into a stack trace on stderr and an exit code;
        // keep the failure and throw it from main, so the submitter sees its message.
        AtomicReference<Exception> failure = new AtomicReference<>();
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            failure.set(e);
            return 1;
        });
        cl.setParameterExceptionHandler((e, arguments) -> {
            failure.set(e);
            return 2;
        });
        int code = cl.execute(args);
        if (failure.get() != null) {
            throw failure.get();
        }
        if (code != 0) {
            throw new IllegalStateException("vidprop-job " + String.join(" ", args) + " exited with code " + code);
        }
    }

    @Override
    public Void call() throws Exception {
        ProposalJobOptions options = job.options();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ProposalJob.build(env, options);
        String note = ProposalJob.checkTransactionTimeout(options);
        if (note != null) {
            System.err.println("vidprop-job: note: " + note);
        }
        env.execute(job.jobName());
        return null;
    }
}
