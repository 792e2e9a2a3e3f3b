package io.vidprop.cli;

import io.vidprop.job.ProposalJob;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code vidprop run}: the streaming job. Run from the command line it executes on an embedded local Flink cluster;
 * submitted with {@code flink run -c io.vidprop.cli.Vidprop vidprop.jar run ...} it runs on that cluster.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the streaming job: frames from Kafka in, region proposals to Kafka out (exactly once),",
                "undecodable frames to a dead-letter topic."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    JobOptionsMixin job;

    @Override
    public Integer call() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ProposalJob.build(env, job.options());
        env.execute("vidprop: " + job.framesTopic + " -> " + job.proposalsTopic);
        return 0;
    }
}
