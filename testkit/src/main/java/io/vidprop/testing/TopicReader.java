package io.vidprop.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every partition of a topic from its earliest offset. Partitions are assigned directly, with no consumer group,
 * so that a rebalance on a starved machine cannot move the reader's position.
 */
public final class TopicReader {
    private TopicReader() {}

    /**
     * Records until {@code expected} arrived or {@code timeout} passed, then whatever else arrives within three
     * seconds, so that records beyond the expected count (duplicates) are seen too.
     */
    public static List<ConsumerRecord<byte[], byte[]>> read(String bootstrapServers, String topic, int expected,
            boolean committedOnly, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            List<TopicPartition> partitions = partitions(consumer, topic, deadline);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (out.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            long settle = System.currentTimeMillis() + 3000;
            while (System.currentTimeMillis() < settle) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            if (out.size() < expected) {
                Map<TopicPartition, Long> positions = new HashMap<>();
                partitions.forEach(p -> positions.put(p, consumer.position(p)));
                System.err.printf("TopicReader: %d of %d records from %s; log start offsets %s, end offsets %s,"
                        + " positions %s%n", out.size(), expected, topic, consumer.beginningOffsets(partitions),
                        consumer.endOffsets(partitions), positions);
            }
        }
        return out;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic,
            long deadline) {
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (!infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
            if (System.currentTimeMillis() >= deadline) {
                throw new IllegalStateException("topic " + topic + " has no partitions");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
