package io.vidprop.cli;

import io.vidprop.job.JobLaunch;
import io.vidprop.job.JobOptionsMixin;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code vidprop run}: the streaming job. Run from the command line it executes on an embedded local Flink cluster;
 * on a cluster the same options go to the cluster jar ({@code vidprop submit}, {@code flink run vidprop-job.jar ...}).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the streaming job: frames from Kafka in, region proposals to Kafka out (exactly once), "
                + "undecodable frames to a dead-letter topic."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    JobOptionsMixin job;

    @Override
    public Integer call() throws Exception {
        // The embedded cluster's parallelism.default; --parallelism overrides it.
        Configuration conf = new Configuration();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        JobLaunch.execute(StreamExecutionEnvironment.getExecutionEnvironment(conf), job, new Properties(), System.err,
                "vidprop run");
        return 0;
    }
}
