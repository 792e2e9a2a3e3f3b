package io.vidprop.render;

import io.vidprop.kafka.ProposalRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Proposal records from where the job or the batch command put them: a JSON-lines file or a Kafka topic. */
public final class ProposalRecords {
    private ProposalRecords() {}

    public static List<ProposalRecord> fromFile(Path jsonl) throws IOException {
        if (!Files.isRegularFile(jsonl)) {
            throw new IllegalArgumentException(jsonl + ": no such proposals file");
        }
        List<ProposalRecord> records = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                records.add(parse(line, jsonl + " line " + n));
            }
        }
        return records;
    }

    /**
     * Every committed record of a topic, from the earliest, read until no new record has come for {@code idle}
     * (read_committed, so only what the job's checkpoints committed).
     */
    public static List<ProposalRecord> fromTopic(String bootstrapServers, String topic, Properties kafka,
            Duration idle) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "vidprop-render-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ProposalRecord> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            if (!consumer.listTopics(Duration.ofSeconds(30)).containsKey(topic)) {
                throw new IllegalArgumentException("topic " + topic + " does not exist at " + bootstrapServers);
            }
            consumer.subscribe(List.of(topic));
            long lastNew = System.currentTimeMillis();
            while (System.currentTimeMillis() - lastNew < idle.toMillis()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(parse(new String(r.value(), StandardCharsets.UTF_8),
                            topic + "-" + r.partition() + "@" + r.offset()));
                    lastNew = System.currentTimeMillis();
                }
            }
        }
        return records;
    }

    private static ProposalRecord parse(String json, String where) {
        try {
            ProposalRecord r = ProposalRecord.fromJson(json);
            if (r == null || r.cameraId == null || r.proposals == null) {
                throw new IllegalArgumentException("missing cameraId or proposals");
            }
            return r;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + ": not a proposal record: " + e.getMessage());
        }
    }

    /** The records of one camera by sequence number. */
    static Map<Long, ProposalRecord> bySequence(List<ProposalRecord> records, String camera) {
        Map<Long, ProposalRecord> out = new java.util.HashMap<>();
        for (ProposalRecord r : records) {
            if (r.cameraId.equals(camera)) {
                out.put(r.sequence, r);
            }
        }
        return out;
    }
}
