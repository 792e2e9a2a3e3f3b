package io.vidprop.broker;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * Apache Kafka's own KRaft server (broker and controller in one process) on loopback. Its log is either in a
 * temporary directory deleted on close (tests, the embedded demo) or in a data directory kept across restarts: a
 * broker started again on the same directory (after a stop or a SIGKILL) has the same cluster id and node and
 * resumes its topics, committed offsets and transactions.
 */
public final class EmbeddedKafka implements AutoCloseable {
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private final Path dir;
    private final boolean temporary;
    private final int port;
    private final int saslPort;
    private final KafkaRaftServer server;

    private EmbeddedKafka(Path dir, boolean temporary, int port, int saslPort, KafkaRaftServer server) {
        this.dir = dir;
        this.temporary = temporary;
        this.port = port;
        this.saslPort = saslPort;
        this.server = server;
    }

    /**
     * A broker with a second listener, SASL_PLAINTEXT with SCRAM-SHA-512, on which only this user gets in
     * ({@link #saslBootstrapServers()}); the PLAINTEXT listener ({@link #bootstrapServers()}) stays for test setup.
     */
    public static EmbeddedKafka startWithScramUser(String user, String password) throws Exception {
        EmbeddedKafka kafka = start(0, null, freePort());
        try (Admin admin = kafka.admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all()
                    .get(30, TimeUnit.SECONDS);
        }
        kafka.awaitReady(kafka.saslBootstrapServers(), scramClientProperties(user, password));
        return kafka;
    }

    /** Client settings for a SCRAM user on the SASL listener. */
    public static Properties scramClientProperties(String user, String password) {
        Properties p = new Properties();
        p.setProperty("security.protocol", "SASL_PLAINTEXT");
        p.setProperty("sasl.mechanism", SCRAM_MECHANISM);
        p.setProperty("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return p;
    }

    /** The SASL/SCRAM listener of {@link #startWithScramUser}. */
    public String saslBootstrapServers() {
        if (saslPort == 0) {
            throw new IllegalStateException("this broker has no SASL listener (see startWithScramUser)");
        }
        return "127.0.0.1:" + saslPort;
    }

    public static EmbeddedKafka start() throws Exception {
        return start(0);
    }

    /** A broker listening on this port of 127.0.0.1, or on a free one when the port is 0; data deleted on close. */
    public static EmbeddedKafka start(int listenerPort) throws Exception {
        return start(listenerPort, null);
    }

    /**
     * A broker listening on this port of 127.0.0.1 (a free one when 0) with its data in {@code dataDir}, kept on
     * close; formatted on first use, resumed after. A null directory means a temporary one, deleted on close.
     */
    public static EmbeddedKafka start(int listenerPort, Path dataDir) throws Exception {
        return start(listenerPort, dataDir, 0);
    }

    private static EmbeddedKafka start(int listenerPort, Path dataDir, int saslPort) throws Exception {
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("vidprop-kafka-") : Files.createDirectories(dataDir);
        int port = listenerPort == 0 ? freePort() : listenerPort;
        int controllerPort = freePort();
        String logDir = dir.resolve("log").toString();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String sasl = saslPort == 0 ? "" : ",SASL_PLAINTEXT://127.0.0.1:" + saslPort;
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + sasl + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + sasl);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
                + (saslPort == 0 ? "" : ",SASL_PLAINTEXT:SASL_PLAINTEXT"));
        if (saslPort != 0) {
            p.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
            p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir);
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("auto.create.topics.enable", "false");
        // Replayed footage carries capture times from the past, which time-based retention would delete.
        p.put("log.retention.ms", "-1");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        KafkaConfig config = new KafkaConfig(p);
        // A formatted log directory holds meta.properties (cluster id, node id); formatting again would refuse.
        if (!Files.exists(Path.of(logDir, "meta.properties"))) {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir))
                    .setMetadataLogDirectory(logDir)
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        EmbeddedKafka kafka = new EmbeddedKafka(dir, temporary, port, saslPort, server);
        kafka.awaitReady(kafka.bootstrapServers(), new Properties());
        return kafka;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitReady(String bootstrap, Properties client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Properties props = new Properties();
        props.putAll(client);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        while (true) {
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the embedded Kafka broker did not start within 60 s", e);
                }
                Thread.sleep(200);
            }
        }
    }

    /** Where the broker keeps its data. */
    public Path dataDir() {
        return dir;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** The topics of these names that do not exist yet, created as {@link #createTopics} does; returns them. */
    public List<String> createMissingTopics(int partitions, String... names) throws Exception {
        Set<String> existing;
        try (Admin admin = admin()) {
            existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
        List<String> missing = java.util.Arrays.stream(names).filter(n -> !existing.contains(n)).toList();
        if (!missing.isEmpty()) {
            createTopics(partitions, missing.toArray(String[]::new));
        }
        return missing;
    }

    /**
     * Creates a compacted topic of one partition (the settings topic: the latest record per key is kept) unless it
     * exists; returns whether it was created.
     */
    public boolean createCompactedTopicIfMissing(String name) throws Exception {
        try (Admin admin = admin()) {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(name)) {
                return false;
            }
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1)
                    .configs(java.util.Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
            return true;
        }
    }

    /** Creates topics with the given partition count (replication 1), waiting until they exist. */
    public void createTopics(int partitions, String... names) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String n : names) {
            topics.add(new NewTopic(n, partitions, (short) 1));
        }
        try (Admin admin = admin()) {
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.listTopics().names().get().containsAll(Set.of(names))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + List.of(names) + " did not appear");
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
        server.awaitShutdown();
        if (temporary) {
            deleteRecursively(dir);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
