package io.vidprop.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes zone events as JSON, keyed by camera id, so each camera's events stay in order on one partition. */
public final class CameraEventSerializer implements KafkaRecordSerializationSchema<CameraEvent> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public CameraEventSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(CameraEvent event, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, event.captureTimestamp, event.cameraId.getBytes(StandardCharsets.UTF_8),
                event.toJson().getBytes(StandardCharsets.UTF_8));
    }
}
