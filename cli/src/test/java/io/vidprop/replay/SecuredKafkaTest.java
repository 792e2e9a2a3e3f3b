package io.vidprop.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.cli.Vidprop;
import io.vidprop.broker.EmbeddedKafka;
import io.vidprop.job.ProposalJob;
import io.vidprop.job.JobOptionsMixin;
import io.vidprop.job.ProposalJobOptions;
import io.vidprop.testing.TestModels;
import io.vidprop.testing.TopicReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Kafka's broker with a SASL/SCRAM-SHA-512 listener: replay publishes and the job reads and writes through it with
 * the settings of a --kafka-properties file (the job's options parsed from the command line as {@code vidprop run}
 * parses them, so the file is read by the option, not handed over as properties); wrong credentials end in one clear
 * line that keeps the password out.
 */
class SecuredKafkaTest {
    static final String USER = "vidprop";
    static final String PASSWORD = "right-password";
    static final int FRAMES = 6;

    record Result(int code, String out, String err) {}

    /** The job's options as {@code vidprop run} declares them. */
    @Command(name = "run")
    static final class RunOptions {
        @Mixin
        JobOptionsMixin job;
    }

    static Result vidprop(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Vidprop.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(code, out.toString(), err.toString().trim());
    }

    static Path properties(Path file, Properties p) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        return file;
    }

    @Test
    void replayAndTheJobWorkOverSaslScramAndWrongCredentialsFailClearly(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startWithScramUser(USER, PASSWORD)) {
            kafka.createTopics(1, "frames", "proposals", "dead");
            Path video = TestVideos.write(tmp.resolve("camera.mp4"), 7, FRAMES);
            Path good = properties(tmp.resolve("good.properties"), EmbeddedKafka.scramClientProperties(USER, PASSWORD));
            Path bad = properties(tmp.resolve("bad.properties"),
                    EmbeddedKafka.scramClientProperties(USER, "wrong-password"));

            Result refused = vidprop("replay", "--video", video.toString(), "--camera", "cam-1", "--rate", "max",
                    "--bootstrap-servers", kafka.saslBootstrapServers(), "--kafka-properties", bad.toString());
            assertEquals(2, refused.code(), refused.err());
            assertTrue(refused.err().startsWith("vidprop replay: ") && refused.err().contains("SCRAM-SHA-512")
                    && refused.err().contains("uthentication failed"), refused.err());
            assertFalse(refused.err().contains("wrong-password"), refused.err());
            assertEquals(1, refused.err().lines().count(), refused.err());

            Result replayed = vidprop("replay", "--video", video.toString(), "--camera", "cam-1", "--rate", "max",
                    "--bootstrap-servers", kafka.saslBootstrapServers(), "--kafka-properties", good.toString());
            assertEquals(0, replayed.code(), replayed.err());
            assertEquals(FRAMES, TopicReader.read(kafka.bootstrapServers(), "frames", FRAMES, false,
                    Duration.ofSeconds(30)).size());

            Path model = TestModels.tinyRandom(tmp.resolve("model"), "secured");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
            RunOptions run = new RunOptions();
            new CommandLine(run).parseArgs("--bootstrap-servers", kafka.saslBootstrapServers(),
                    "--kafka-properties", good.toString(), "--proposals-topic", "proposals",
                    "--dead-letter-topic", "dead", "--group-id", "secured", "--transactional-id-prefix", "secured",
                    "--checkpoint-interval-ms", "500", "--model", model.toString());
            ProposalJobOptions options = run.job.options();
            assertEquals("SASL_PLAINTEXT", options.kafkaProperties().getProperty("security.protocol"),
                    "the job's Kafka settings come from the file: " + options.kafkaProperties().stringPropertyNames());
            ProposalJob.build(env, options);
            JobClient job = env.executeAsync("secured");
            try {
                assertEquals(FRAMES, TopicReader.read(kafka.bootstrapServers(), "proposals", FRAMES, true,
                        Duration.ofMinutes(2)).size(), "one proposal record per frame, through the SASL listener");
            } finally {
                job.cancel().get();
            }
        }
    }
}
