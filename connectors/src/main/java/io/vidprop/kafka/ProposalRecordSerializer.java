package io.vidprop.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes proposal records as JSON, keyed by camera id, to one topic. */
public final class ProposalRecordSerializer implements KafkaRecordSerializationSchema<ProposalRecord> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public ProposalRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(ProposalRecord record, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, record.cameraId.getBytes(StandardCharsets.UTF_8),
                record.toJson().getBytes(StandardCharsets.UTF_8));
    }
}
