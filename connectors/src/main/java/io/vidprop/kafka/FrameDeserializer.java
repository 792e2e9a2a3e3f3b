package io.vidprop.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads Kafka records as {@link Frame}s. Never fails on bad input: a record with a malformed header becomes a
 * frame with a {@link Frame#problem}, which the job sends to the dead-letter topic with its original bytes.
 * The record key is the camera id; records without a key are attributed to {@code <topic>-<partition>}.
 */
public final class FrameDeserializer implements KafkaRecordDeserializationSchema<Frame> {
    private static final long serialVersionUID = 1L;
    private static final Set<String> FORMATS = Set.of("jpeg", "jpg", "png", "bmp", "webp", "raw");

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Frame> out) {
        out.collect(toFrame(record, System.currentTimeMillis()));
    }

    public static Frame toFrame(ConsumerRecord<byte[], byte[]> record, long now) {
        Frame f = new Frame();
        f.topic = record.topic();
        f.partition = record.partition();
        f.offset = record.offset();
        f.receivedAtMillis = now;
        f.payload = record.value() == null ? new byte[0] : record.value();
        f.cameraId = record.key() == null || record.key().length == 0
                ? record.topic() + "-" + record.partition()
                : new String(record.key(), StandardCharsets.UTF_8);
        f.sequence = record.offset();
        f.captureTimestamp = record.timestamp();
        List<String> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Header h : record.headers()) {
            keys.add(h.key());
            values.add(h.value());
            String v = h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8).trim();
            switch (h.key()) {
                case FrameHeaders.SEQUENCE -> {
                    int before = problems.size();
                    f.sequence = parseLong(h.key(), v, problems, f.sequence);
                    f.sequenced = problems.size() == before;
                }
                case FrameHeaders.CAPTURE_TIMESTAMP -> f.captureTimestamp = parseLong(h.key(), v, problems,
                        f.captureTimestamp);
                case FrameHeaders.FORMAT -> {
                    String format = v.toLowerCase(Locale.ROOT);
                    if (!FORMATS.contains(format)) {
                        problems.add("header " + h.key() + " is '" + v + "', expected jpeg, png, bmp, webp or raw");
                    } else {
                        f.format = format.equals("jpg") ? "jpeg" : format;
                    }
                }
                case FrameHeaders.WIDTH -> f.width = parseSide(h.key(), v, problems);
                case FrameHeaders.HEIGHT -> f.height = parseSide(h.key(), v, problems);
                case FrameHeaders.PIXEL_FORMAT -> f.pixelFormat = v.toLowerCase(Locale.ROOT);
                default -> { }
            }
        }
        if (f.isRaw() && (f.width <= 0 || f.height <= 0 || f.pixelFormat == null)) {
            problems.add("a raw frame needs headers " + FrameHeaders.WIDTH + ", " + FrameHeaders.HEIGHT + " and "
                    + FrameHeaders.PIXEL_FORMAT);
        }
        f.headerKeys = keys.toArray(new String[0]);
        f.headerValues = values.toArray(new byte[0][]);
        f.problem = problems.isEmpty() ? null : String.join("; ", problems);
        return f;
    }

    private static long parseLong(String key, String value, List<String> problems, long fallback) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            problems.add("header " + key + " is '" + value + "', expected a whole number");
            return fallback;
        }
    }

    /** A raw frame's side: a positive int, never a long cut down to one. */
    private static int parseSide(String key, String value, List<String> problems) {
        try {
            int side = Integer.parseInt(value);
            if (side > 0) {
                return side;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add("header " + key + " is '" + value + "', expected a whole number from 1 to " + Integer.MAX_VALUE);
        return 0;
    }

    @Override
    public TypeInformation<Frame> getProducedType() {
        return TypeInformation.of(Frame.class);
    }
}
