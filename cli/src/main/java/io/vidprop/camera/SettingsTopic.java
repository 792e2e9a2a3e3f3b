package io.vidprop.camera;

import io.vidprop.settings.CameraSettings;
import io.vidprop.settings.CameraSettingsJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The settings topic as the {@code vidprop camera} commands use it: a compacted topic whose latest record per key is
 * that camera's settings (a tombstone clears them). Reading takes the topic from its start to its end offsets.
 */
public final class SettingsTopic {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final Properties client;

    /** @param client bootstrap servers and any security settings */
    public SettingsTopic(String topic, Properties client) {
        this.topic = topic;
        this.client = client;
    }

    /** Every camera's current settings, by camera id; values that do not parse are left out. */
    public Map<String, CameraSettings> readAll() {
        Map<String, CameraSettings> out = new TreeMap<>();
        readLatest().forEach((camera, json) -> {
            try {
                out.put(camera, CameraSettingsJson.parse(json));
            } catch (IllegalArgumentException e) {
                // the job refuses such a value as well, and keeps the camera's previous settings
            }
        });
        return out;
    }

    /** The latest value of each key (null for a tombstone is removed), as written. */
    Map<String, String> readLatest() {
        Properties p = new Properties();
        p.putAll(client);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        Map<String, String> latest = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            var infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                return latest;
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the settings topic " + topic + " to its end within "
                            + TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() == null) {
                        continue;
                    }
                    String camera = new String(r.key(), StandardCharsets.UTF_8);
                    if (r.value() == null) {
                        latest.remove(camera);
                    } else {
                        latest.put(camera, new String(r.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return latest;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), TIMEOUT) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Changes a camera's settings: reads its current ones (the defaults when it has none), applies {@code change} and
     * writes the result; returns what was written. {@code vidprop camera set} and {@code vidprop adapt --apply} both
     * write this way.
     */
    public CameraSettings update(String camera, UnaryOperator<CameraSettings> change)
            throws ExecutionException, InterruptedException {
        CameraSettings next = change.apply(readAll().getOrDefault(camera, CameraSettings.DEFAULT));
        write(camera, next);
        return next;
    }

    /** Writes a camera's settings (null: clears them), creating the topic, compacted, if it is missing. */
    public void write(String camera, CameraSettings settings) throws ExecutionException, InterruptedException {
        ensureTopic();
        Properties p = new Properties();
        p.putAll(client);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            byte[] value = settings == null ? null
                    : CameraSettingsJson.toJson(settings).getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(topic, camera.getBytes(StandardCharsets.UTF_8), value)).get();
        }
    }

    private void ensureTopic() throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(client)) {
            if (admin.listTopics().names().get().contains(topic)) {
                return;
            }
            try {
                admin.createTopics(Set.of(new NewTopic(topic, java.util.Optional.of(1), java.util.Optional.empty())
                        .configs(Map.of("cleanup.policy", "compact")))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
