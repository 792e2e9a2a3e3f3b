package io.vidprop.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes a frame that could not be processed to the dead-letter topic: the original key, bytes and headers,
 * plus a {@value FrameHeaders#ERROR} header saying why and the frame's source coordinates.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<Frame> {
    private static final long serialVersionUID = 1L;
    public static final String SOURCE_HEADER = "vidprop.source";
    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Frame frame, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < frame.headerKeys.length; i++) {
            headers.add(frame.headerKeys[i], frame.headerValues[i]);
        }
        headers.add(FrameHeaders.ERROR, String.valueOf(frame.problem).getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_HEADER, (frame.topic + "-" + frame.partition + "@" + frame.offset)
                .getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, timestamp, frame.cameraId.getBytes(StandardCharsets.UTF_8),
                frame.payload, headers);
    }
}
