package io.vidprop.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {
    /** What `vidprop kafka --data-dir` and the local cluster's broker restarts rely on. */
    @Test
    void aBrokerRestartedOnItsDataDirectoryKeepsClusterTopicsAndRecords(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("kafka");
        String clusterId;
        int port;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, data)) {
            assertEquals(List.of("t"), kafka.createMissingTopics(1, "t"));
            produce(kafka, 0, 3);
            try (Admin admin = kafka.admin()) {
                clusterId = admin.describeCluster().clusterId().get();
            }
            port = Integer.parseInt(kafka.bootstrapServers().replaceAll(".*:", ""));
        }
        assertTrue(Files.exists(data.resolve("log/meta.properties")), "the data directory is kept on close");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(port, data)) {
            try (Admin admin = kafka.admin()) {
                assertEquals(clusterId, admin.describeCluster().clusterId().get(), "the same cluster");
            }
            assertEquals(List.of("u"), kafka.createMissingTopics(1, "t", "u"), "t was kept");
            produce(kafka, 3, 5);
            assertEquals(List.of("v0", "v1", "v2", "v3", "v4"), consume(kafka, 5));
        }
    }

    @Test
    void aTemporaryBrokerDeletesItsDataOnClose() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        Path dir = kafka.dataDir();
        assertTrue(Files.exists(dir.resolve("log/meta.properties")), dir.toString());
        kafka.close();
        assertFalse(Files.exists(dir), dir + " deleted");
    }

    static void produce(EmbeddedKafka kafka, int from, int to) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>("t", "k", "v" + i)).get();
            }
        }
    }

    static List<String> consume(EmbeddedKafka kafka, int expected) {
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "g",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("t"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (seen.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.value());
                }
            }
        }
        return seen;
    }

    @Test
    void producesAndConsumesOnLoopback() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, "t");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>("t", "k", "v" + i)).get();
                }
            }
            List<String> seen = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "g",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("t"));
                long deadline = System.currentTimeMillis() + 30_000;
                while (seen.size() < 5 && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        seen.add(r.value());
                    }
                }
            }
            assertEquals(List.of("v0", "v1", "v2", "v3", "v4"), seen);
        }
    }
}
