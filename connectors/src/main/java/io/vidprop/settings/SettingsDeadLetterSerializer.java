package io.vidprop.settings;

import io.vidprop.kafka.DeadLetterSerializer;
import io.vidprop.kafka.FrameHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes a settings record that could not be used to the settings dead-letter topic: its key (the camera id) and value
 * as they were, a {@value FrameHeaders#ERROR} header saying why, and a {@value DeadLetterSerializer#SOURCE_HEADER}
 * header with the settings topic partition and offset.
 */
public final class SettingsDeadLetterSerializer implements KafkaRecordSerializationSchema<CameraSettingsUpdate> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public SettingsDeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(CameraSettingsUpdate update, KafkaSinkContext context,
            Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(FrameHeaders.ERROR, String.valueOf(update.problem()).getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterSerializer.SOURCE_HEADER, (update.partition() + "@" + update.offset())
                .getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, timestamp,
                update.cameraId() == null ? null : update.cameraId().getBytes(StandardCharsets.UTF_8),
                update.value() == null ? null : update.value().getBytes(StandardCharsets.UTF_8), headers);
    }
}
