package io.vidprop.cli;

import io.vidprop.job.ProposalJob;
import io.vidprop.job.ProposalJobOptions;
import io.vidprop.kafka.TransactionTimeout;
import java.util.Properties;
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
        ProposalJobOptions options = job.options();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ProposalJob.build(env, options);
        // Before the job starts: a sink whose transactions the broker refuses would fail and restart forever.
        Properties client = new Properties();
        client.putAll(options.kafkaProperties);
        client.setProperty("bootstrap.servers", options.bootstrapServers);
        String note = TransactionTimeout.check(client,
                TransactionTimeout.of(options.kafkaProperties, options.checkpointIntervalMillis));
        if (note != null) {
            System.err.println("vidprop run: note: " + note);
        }
        env.execute("vidprop: " + job.framesTopic + " -> " + job.proposalsTopic);
        return 0;
    }
}
