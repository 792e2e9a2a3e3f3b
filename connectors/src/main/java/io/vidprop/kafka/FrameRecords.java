package io.vidprop.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A JPEG frame as the frame contract's Kafka record (key = camera, JPEG value, sequence, capture-time and format
 * headers, record timestamp = capture time), and as the {@link Frame} that {@link FrameDeserializer} makes of that
 * record. Replay, the demo and the benchmarks publish the first; the batch job feeds the second to the proposal
 * operator, so both paths see the same frames.
 */
public final class FrameRecords {
    private FrameRecords() {}

    public static ProducerRecord<byte[], byte[]> toRecord(String topic, String cameraId, long sequence,
            long captureTimestamp, byte[] jpeg) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, captureTimestamp,
                cameraId.getBytes(StandardCharsets.UTF_8), jpeg);
        r.headers().add(FrameHeaders.SEQUENCE, utf8(Long.toString(sequence)));
        r.headers().add(FrameHeaders.CAPTURE_TIMESTAMP, utf8(Long.toString(captureTimestamp)));
        r.headers().add(FrameHeaders.FORMAT, utf8("jpeg"));
        return r;
    }

    /** The frame the job would read back from {@link #toRecord}'s record; {@code source} stands in for its topic. */
    public static Frame toFrame(String source, String cameraId, long sequence, long captureTimestamp, byte[] jpeg,
            long receivedAtMillis) {
        ProducerRecord<byte[], byte[]> r = toRecord(source, cameraId, sequence, captureTimestamp, jpeg);
        Frame f = new Frame();
        f.topic = source;
        f.partition = 0;
        f.offset = sequence;
        f.receivedAtMillis = receivedAtMillis;
        f.cameraId = cameraId;
        f.sequence = sequence;
        f.captureTimestamp = captureTimestamp;
        f.format = "jpeg";
        f.payload = jpeg;
        Header[] headers = r.headers().toArray();
        f.headerKeys = new String[headers.length];
        f.headerValues = new byte[headers.length][];
        for (int i = 0; i < headers.length; i++) {
            f.headerKeys[i] = headers[i].key();
            f.headerValues[i] = headers[i].value();
        }
        return f;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
