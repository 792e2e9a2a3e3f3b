package io.vidprop.cli;

import io.vidprop.job.ProposalJob;
import io.vidprop.job.ProposalJobOptions;
import io.vidprop.operators.ProposalSettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vidprop run}: the streaming job. Run from the command line it executes on an embedded local Flink cluster;
 * submitted with {@code flink run -c io.vidprop.cli.Vidprop vidprop.jar run ...} it runs on that cluster.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the streaming job: frames from Kafka in, region proposals to Kafka out (exactly once),",
                "undecodable frames to a dead-letter topic."})
final class RunCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--frames-topic", defaultValue = "frames", description = "Input topic (default: ${DEFAULT-VALUE}).")
    String framesTopic;

    @Option(names = "--proposals-topic", defaultValue = "proposals",
            description = "Output topic (default: ${DEFAULT-VALUE}).")
    String proposalsTopic;

    @Option(names = "--dead-letter-topic", defaultValue = "frames-dead-letter",
            description = "Topic for frames that cannot be processed (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic;

    @Option(names = "--group-id", defaultValue = "vidprop", description = "Consumer group (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--model", description = "Model directory, model.json or TorchScript .pt (default: the built-in model).")
    String model;

    @Option(names = "--parallelism", defaultValue = "1", description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--batch-size", defaultValue = "8",
            description = "Frames per inference batch, across cameras (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--max-wait-ms", defaultValue = "20",
            description = "Longest a frame waits for its batch to fill (default: ${DEFAULT-VALUE}).")
    long maxWaitMs;

    @Option(names = "--max-pixels", defaultValue = "33177600",
            description = "Larger frames go to the dead-letter topic undecoded (default: ${DEFAULT-VALUE}, 8K UHD).")
    long maxPixels;

    @Option(names = "--max-frame-age-ms", defaultValue = "0",
            description = {"Live streams: frames captured longer ago than this when the model is about to run are shed",
                "(counted in the framesShed metric and in the camera's next record); 0 never sheds (default: ${DEFAULT-VALUE})."})
    long maxFrameAgeMs;

    @Option(names = "--checkpoint-interval-ms", defaultValue = "2000",
            description = "Checkpoint interval; proposals are committed to Kafka at each checkpoint (default: ${DEFAULT-VALUE}).")
    long checkpointInterval;

    @Option(names = "--kafka-properties",
            description = "A properties file of Kafka client settings (TLS, SASL, ...) for the source and sinks.")
    Path kafkaProperties;

    @Option(names = "--transactional-id-prefix", defaultValue = "vidprop",
            description = "Prefix of the sinks' Kafka transactional ids; unique per job (default: ${DEFAULT-VALUE}).")
    String transactionalIdPrefix;

    @Override
    public Integer call() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ProposalJob.build(env, options());
        env.execute("vidprop: " + framesTopic + " -> " + proposalsTopic);
        return 0;
    }

    ProposalJobOptions options() throws java.io.IOException {
        Properties props = new Properties();
        if (kafkaProperties != null) {
            if (!Files.isRegularFile(kafkaProperties)) {
                throw new IllegalArgumentException("--kafka-properties " + kafkaProperties + ": no such file");
            }
            try (InputStream in = Files.newInputStream(kafkaProperties)) {
                props.load(in);
            }
        }
        return ProposalJobOptions.builder()
                .bootstrapServers(bootstrapServers)
                .framesTopic(framesTopic)
                .proposalsTopic(proposalsTopic)
                .deadLetterTopic(deadLetterTopic)
                .groupId(groupId)
                .transactionalIdPrefix(transactionalIdPrefix)
                .parallelism(parallelism)
                .checkpointIntervalMillis(checkpointInterval)
                .kafkaProperties(props)
                .proposals(ProposalSettings.builder().modelPath(model).batchSize(batchSize).maxWaitMillis(maxWaitMs)
                        .maxPixels(maxPixels).maxFrameAgeMillis(maxFrameAgeMs).build())
                .build();
    }
}
