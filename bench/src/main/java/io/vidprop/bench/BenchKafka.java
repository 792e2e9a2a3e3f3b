package io.vidprop.bench;

import io.vidprop.broker.EmbeddedKafka;
import io.vidprop.kafka.FrameRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The pipeline benchmark's Kafka side: publishing frames (paced or as fast as the broker takes them) and timing the
 * proposal records the job writes as they arrive.
 */
final class BenchKafka {
    private BenchKafka() {}

    static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Reads what the sink writes without waiting for the checkpoint's commit, to time the job itself. */
    static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafka kafka, String topic) {
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    /** Publishes the frames, at {@code rate} frames per second or as fast as the broker takes them (rate 0). */
    static void send(KafkaProducer<byte[], byte[]> producer, String topic, List<Published> frames, long rate)
            throws InterruptedException {
        long start = System.nanoTime();
        for (int i = 0; i < frames.size(); i++) {
            if (rate > 0) {
                long due = start + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            Published f = frames.get(i);
            producer.send(FrameRecords.toRecord(topic, f.camera(), f.sequence(), System.currentTimeMillis(), f.jpeg()));
        }
        producer.flush();
    }

    static final class Received {
        int count;
        long lastWrite;
        final List<Long> latencies = new ArrayList<>();
    }

    static Received receive(KafkaConsumer<byte[], byte[]> consumer, int expected) {
        Received r = new Received();
        long deadline = System.currentTimeMillis() + 60_000 + 200L * expected;
        while (r.count < expected && System.currentTimeMillis() < deadline) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
            // The time a record arrives here, not its Kafka timestamp: the operator gives each proposal record its
            // frame's timestamp (the publish time), so that would time the producer, not the job.
            long arrived = System.currentTimeMillis();
            for (ConsumerRecord<byte[], byte[]> rec : records) {
                r.count++;
                r.lastWrite = Math.max(r.lastWrite, arrived);
                r.latencies.add(arrived - captureTimestamp(rec.value()));
            }
        }
        return r;
    }

    private static final byte[] CAPTURE_FIELD = "\"captureTimestamp\":".getBytes(StandardCharsets.US_ASCII);

    /**
     * The capture timestamp of a proposal record, read without parsing its proposals: the reader shares the job's
     * cores here, where a real consumer would not, so it does as little as it can.
     */
    static long captureTimestamp(byte[] json) {
        outer:
        for (int i = 0; i + CAPTURE_FIELD.length < json.length; i++) {
            for (int j = 0; j < CAPTURE_FIELD.length; j++) {
                if (json[i + j] != CAPTURE_FIELD[j]) {
                    continue outer;
                }
            }
            long v = 0;
            for (int k = i + CAPTURE_FIELD.length; k < json.length && json[k] >= '0' && json[k] <= '9'; k++) {
                v = 10 * v + (json[k] - '0');
            }
            return v;
        }
        throw new IllegalStateException("not a proposal record: no captureTimestamp");
    }
}
