package io.vidprop.batch;

import io.vidprop.kafka.ProposalRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Where the batch job's results go: JSON-lines files, or a Kafka topic in the streaming job's record format. */
public final class BatchOutputWriter {
    private BatchOutputWriter() {}

    /** The file dead letters go to next to {@code proposals.jsonl}: {@code proposals.dead-letters.jsonl}. */
    public static Path deadLetterFile(Path out) {
        String name = out.getFileName().toString();
        String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return out.resolveSibling(stem + ".dead-letters.jsonl");
    }

    /** One JSON line per proposal record to {@code out}, one per dead letter to {@link #deadLetterFile}. */
    public static void writeFiles(BatchJob.Result result, Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (ProposalRecord r : result.proposals()) {
                w.write(r.toJson());
                w.newLine();
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(deadLetterFile(out), StandardCharsets.UTF_8)) {
            for (BatchOutput d : result.deadLetters()) {
                w.write(d.toJson());
                w.newLine();
            }
        }
    }

    /** The proposal records to a topic, key = camera id, value = the record's JSON, as the streaming job writes. */
    public static void publish(BatchJob.Result result, String bootstrapServers, String topic, Properties kafka)
            throws IOException, InterruptedException {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (ProposalRecord r : result.proposals()) {
                sent.add(producer.send(new ProducerRecord<>(topic, null, r.captureTimestamp,
                        r.cameraId.getBytes(StandardCharsets.UTF_8), r.toJson().getBytes(StandardCharsets.UTF_8))));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IOException("publishing proposals to " + topic + " failed: " + e.getCause().getMessage(), e);
        }
    }
}
