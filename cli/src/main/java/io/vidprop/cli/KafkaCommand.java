package io.vidprop.cli;

import io.vidprop.broker.EmbeddedKafka;
import io.vidprop.job.ProposalJobOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vidprop kafka}: Kafka's own broker on loopback, until stopped; for a local cluster. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = "Runs Kafka's own broker (KRaft, broker and controller in one process) on loopback until stopped "
                + "(Ctrl-C or SIGTERM), with the job's topics created. With --data-dir its data is kept and a restart "
                + "on the same directory resumes it; without, it is deleted on stop.")
final class KafkaCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9092",
            description = "Listener port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--topics", split = ",", defaultValue = ProposalJobOptions.DEFAULT_FRAMES_TOPIC + ","
            + ProposalJobOptions.DEFAULT_PROPOSALS_TOPIC + "," + ProposalJobOptions.DEFAULT_DEAD_LETTER_TOPIC + ","
            + ProposalJobOptions.DEFAULT_EVENTS_TOPIC + "," + ProposalJobOptions.DEFAULT_SETTINGS_DEAD_LETTER_TOPIC,
            description = "Topics to create (default: ${DEFAULT-VALUE}).")
    List<String> topics;

    @Option(names = "--settings-topic", defaultValue = ProposalJobOptions.DEFAULT_SETTINGS_TOPIC,
            description = "The per-camera settings topic, created compacted with one partition (default: "
                    + "${DEFAULT-VALUE}).")
    String settingsTopic;

    @Option(names = "--partitions", defaultValue = "2",
            description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--data-dir",
            description = "Keep the broker's data (topics, records, offsets, transactions) in this directory across "
                    + "restarts; created and formatted on first use (default: a temporary directory, deleted on stop).")
    Path dataDir;

    @Option(names = "--bootstrap-file",
            description = "Write the bootstrap servers (HOST:PORT) to this file once the broker is ready.")
    Path bootstrapFile;

    @Override
    public Integer call() throws Exception {
        if (partitions <= 0) {
            throw new IllegalArgumentException("--partitions must be positive, got " + partitions);
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(port, dataDir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                kafka.close();
            } catch (Exception e) {
                System.err.println("vidprop kafka: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "kafka-shutdown"));
        // A restarted broker already has its topics (with whatever partitions they were created with).
        List<String> created = new java.util.ArrayList<>(kafka.createMissingTopics(partitions,
                topics.toArray(String[]::new)));
        if (kafka.createCompactedTopicIfMissing(settingsTopic)) {
            created.add(settingsTopic);
        }
        if (bootstrapFile != null) {
            Files.writeString(bootstrapFile, kafka.bootstrapServers() + "\n", StandardCharsets.UTF_8);
        }
        System.out.println("Kafka broker at " + kafka.bootstrapServers() + ", topics " + topics + " and the settings"
                + " topic " + settingsTopic + " (compacted)"
                + (created.size() < topics.size() + 1 ? " (created " + created + ", the others kept)" : "")
                + (dataDir != null ? ", data in " + dataDir : ""));
        stopped.await();
        return 0;
    }
}
