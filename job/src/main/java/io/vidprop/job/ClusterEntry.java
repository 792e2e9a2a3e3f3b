package io.vidprop.job;

import java.util.concurrent.Callable;
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
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            throw e;
        });
        cl.setParameterExceptionHandler((e, arguments) -> {
            throw e;
        });
        cl.execute(args);
    }

    @Override
    public Void call() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ProposalJob.build(env, job.options());
        env.execute(job.jobName());
        return null;
    }
}
