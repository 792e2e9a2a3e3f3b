package io.vidprop.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Kafka records that follow the frame contract, for the tools that publish frames (demo, replay, ingest, bench). */
public final class FrameRecords {
    private FrameRecords() {}

    /** An encoded image (JPEG, PNG, ...) of a camera, with its sequence number and capture time as headers. */
    public static ProducerRecord<byte[], byte[]> encoded(String topic, String camera, long sequence,
            long captureTimestamp, byte[] image) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, camera.getBytes(StandardCharsets.UTF_8), image);
        r.headers().add(FrameHeaders.SEQUENCE, Long.toString(sequence).getBytes(StandardCharsets.UTF_8));
        r.headers().add(FrameHeaders.CAPTURE_TIMESTAMP, Long.toString(captureTimestamp).getBytes(StandardCharsets.UTF_8));
        return r;
    }
}
