package io.vidprop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The cluster entry's Flink conventions: options from the configuration, the cluster's parallelism and checkpoints. */
class ClusterEntryTest {
    static StreamExecutionEnvironment env(Map<String, String> settings) {
        return StreamExecutionEnvironment.getExecutionEnvironment(Configuration.fromMap(settings));
    }

    static ClusterEntry parse(StreamExecutionEnvironment env, String... args) {
        CommandLine cl = ClusterEntry.commandLine(env);
        cl.parseArgs(args);
        return cl.getCommand();
    }

    @Test
    void optionsComeFromFlinksConfigurationUnlessTheCommandLineGivesThem() throws Exception {
        StreamExecutionEnvironment env = env(Map.of(
                "vidprop.frames-topic", "cams",
                "vidprop.batch-size", "4",
                "vidprop.pad-batches", "true",
                "vidprop.proposals-topic", "from-config",
                "vidprop.kafka.security.protocol", "SASL_SSL",
                "vidprop.kafka.sasl.jaas.config", "ScramLoginModule required username=\"job\" password=\"s3cret\";"));
        ClusterEntry entry = parse(env, "--proposals-topic", "from-args", "--bootstrap-servers", "kafka:9093");
        ProposalJobOptions o = entry.job.options(entry.fromConfiguration().kafkaProperties());

        assertEquals("cams", o.framesTopic());
        assertEquals("from-args", o.proposalsTopic(), "the command line wins over the configuration");
        assertEquals("kafka:9093", o.bootstrapServers());
        assertEquals("frames-dead-letter", o.deadLetterTopic(), "neither: the built-in default");
        assertEquals(4, o.proposals().batchSize());
        assertTrue(o.proposals().padBatches());
        assertEquals("SASL_SSL", o.kafkaProperties().getProperty("security.protocol"));
        assertEquals(2, o.kafkaProperties().size());
    }

    @Test
    void theWebUisJobParametersShowEveryOptionAndMaskSecrets(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("client.properties"),
                "ssl.truststore.password=truststore-secret\nsasl.mechanism=SCRAM-SHA-512\n");
        ClusterEntry entry = parse(env(Map.of("vidprop.kafka.sasl.jaas.config", "jaas-secret")),
                "--kafka-properties", file.toString(), "--group-id", "g1");
        ProposalJobOptions o = entry.job.options(entry.fromConfiguration().kafkaProperties());
        Map<String, String> params = entry.job.asJobParameters(o.kafkaProperties());

        assertEquals("g1", params.get("group-id"));
        assertEquals("SCRAM-SHA-512", params.get("kafka.sasl.mechanism"));
        assertEquals("******", params.get("kafka.sasl.jaas.config"));
        assertEquals("******", params.get("kafka.ssl.truststore.password"));
        assertFalse(params.containsKey("kafka-properties"), "a path of the submitter's machine means nothing here");
        assertFalse(params.containsKey("parallelism"), "not given: the cluster's");
        assertFalse(params.values().stream().anyMatch(v -> v.contains("secret")), params.toString());
    }

    @Test
    void parallelismAndCheckpointIntervalAreTheClustersUnlessGiven() throws Exception {
        StreamExecutionEnvironment cluster = env(Map.of("parallelism.default", "3",
                "execution.checkpointing.interval", "7 s"));
        ProposalJob.build(cluster, parse(cluster).job.options());
        assertEquals(3, cluster.getParallelism());
        assertEquals(7000, cluster.getCheckpointConfig().getCheckpointInterval());

        StreamExecutionEnvironment given = env(Map.of("parallelism.default", "3",
                "execution.checkpointing.interval", "7 s"));
        ProposalJobOptions o = parse(given, "--parallelism", "2", "--checkpoint-interval-ms", "500").job.options();
        ProposalJob.build(given, o);
        assertEquals(OptionalInt.of(2), o.parallelism());
        assertEquals(2, given.getParallelism());
        assertEquals(500, given.getCheckpointConfig().getCheckpointInterval());

        // Without checkpoints the exactly-once sinks would never commit a proposal.
        StreamExecutionEnvironment bare = env(Map.of("parallelism.default", "5"));
        ProposalJob.build(bare, parse(bare).job.options());
        assertEquals(ProposalJobOptions.DEFAULT_CHECKPOINT_INTERVAL_MILLIS,
                bare.getCheckpointConfig().getCheckpointInterval());
        assertEquals(5, bare.getParallelism());
    }

    @Test
    void badOptionsReachTheSubmitterAsExceptionsAndNeverExitTheJvm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterEntry.main(new String[] {"--batch-size", "0"}));
        assertEquals("batch size must be positive, got 0", e.getMessage());
        CommandLine.UnmatchedArgumentException u = assertThrows(CommandLine.UnmatchedArgumentException.class,
                () -> ClusterEntry.main(new String[] {"run", "--bootstrap-servers", "k:9092"}));
        assertTrue(u.getMessage().contains("'run'"), u.getMessage());
        StreamExecutionEnvironment env = env(Map.of("vidprop.batch-size", "zero"));
        CommandLine.ParameterException p = assertThrows(CommandLine.ParameterException.class,
                () -> ClusterEntry.run(ClusterEntry.commandLine(env)));
        assertTrue(p.getMessage().contains("--batch-size") && p.getMessage().contains("zero"), p.getMessage());
    }

    @Test
    void kafkaSettingsFromTheConfigurationAreUnderThoseOfTheFile(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("client.properties"), "client.id=from-file\n");
        ClusterEntry entry = parse(env(Map.of("vidprop.kafka.client.id", "from-config",
                "vidprop.kafka.acks", "all")), "--kafka-properties", file.toString());
        Properties p = entry.job.options(entry.fromConfiguration().kafkaProperties()).kafkaProperties();
        assertEquals("from-file", p.getProperty("client.id"));
        assertEquals("all", p.getProperty("acks"));
    }

    @Test
    void theBatchSubcommandTakesTheBatchOptionsAlsoFromTheConfiguration() throws Exception {
        CommandLine cl = ClusterEntry.commandLine(env(Map.of("vidprop.pad-batches", "true", "vidprop.every", "3",
                "vidprop.split-seconds", "60")));
        CommandLine.ParseResult parsed = cl.parseArgs("batch", "--video", "s3://archive/cams", "--out-dir",
                "s3://archive/out", "--split-seconds", "20", "--parallelism", "4");
        ClusterEntry.Batch batch = parsed.subcommand().commandSpec().commandLine().getCommand();
        io.vidprop.batch.BatchOptions o = batch.batch.options();
        assertEquals(java.util.List.of("s3://archive/cams"), o.source().inputs());
        assertEquals("s3://archive/out", o.outDir());
        assertEquals(20, o.source().splitSeconds(), "the command line wins");
        assertEquals(3, o.source().every(), "from the configuration");
        assertTrue(o.proposals().padBatches());
        assertEquals(4, o.parallelism());
        assertEquals(null, o.kafka());

        CommandLine.MissingParameterException missing = assertThrows(CommandLine.MissingParameterException.class,
                () -> ClusterEntry.main(new String[] {"batch", "--out-dir", "o"}));
        assertTrue(missing.getMessage().contains("--video"), missing.getMessage());
        IllegalArgumentException noOutput = assertThrows(IllegalArgumentException.class,
                () -> ClusterEntry.main(new String[] {"batch", "--video", "a.mp4"}));
        assertEquals("give the output: --out-dir DIR or --proposals-topic TOPIC", noOutput.getMessage());
    }
}
