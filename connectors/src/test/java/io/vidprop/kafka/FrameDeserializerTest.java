package io.vidprop.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class FrameDeserializerTest {
    static ConsumerRecord<byte[], byte[]> record(String key, byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>("frames", 3, 42L, 1_700_000_000_000L, TimestampType.CREATE_TIME, 0, 0,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, headers, Optional.empty());
    }

    static RecordHeaders headers(String... kv) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < kv.length; i += 2) {
            h.add(kv[i], kv[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return h;
    }

    @Test
    void headersGiveSequenceTimestampAndFormat() {
        Frame f = FrameDeserializer.toFrame(record("cam-1", new byte[] {1, 2},
                headers(FrameHeaders.SEQUENCE, "7", FrameHeaders.CAPTURE_TIMESTAMP, "123", FrameHeaders.FORMAT, "JPG")), 5);
        assertEquals("cam-1", f.cameraId);
        assertEquals(7, f.sequence);
        assertEquals(123, f.captureTimestamp);
        assertEquals("jpeg", f.format);
        assertNull(f.problem);
        assertTrue(f.sequenced);
        assertEquals(3, f.headerKeys.length);
    }

    @Test
    void framesWithoutHeadersOrKeyStillWork() {
        Frame f = FrameDeserializer.toFrame(record(null, new byte[] {9}, new RecordHeaders()), 5);
        assertEquals("frames-3", f.cameraId);
        assertEquals(42, f.sequence);
        assertFalse(f.sequenced, "the offset stands in for a sequence number, but does not take part in the check");
        assertEquals(1_700_000_000_000L, f.captureTimestamp);
        assertNull(f.format);
        assertNull(f.problem);
        assertArrayEquals(new byte[] {9}, f.payload);
    }

    @Test
    void malformedHeadersBecomeAProblemNotAnException() {
        Frame f = FrameDeserializer.toFrame(record("cam", new byte[0],
                headers(FrameHeaders.SEQUENCE, "seven", FrameHeaders.FORMAT, "gif")), 5);
        assertEquals("header vidprop.seq is 'seven', expected a whole number; "
                + "header vidprop.format is 'gif', expected jpeg, png, bmp, webp or raw", f.problem);
        assertFalse(f.sequenced);
        f = FrameDeserializer.toFrame(record("cam", new byte[12], headers(FrameHeaders.FORMAT, "raw",
                FrameHeaders.WIDTH, "4294967298", FrameHeaders.HEIGHT, "-2", FrameHeaders.PIXEL_FORMAT, "rgb24")), 5);
        assertEquals("header vidprop.width is '4294967298', expected a whole number from 1 to 2147483647; "
                + "header vidprop.height is '-2', expected a whole number from 1 to 2147483647; "
                + "a raw frame needs headers vidprop.width, vidprop.height and vidprop.pixel-format", f.problem);
        f = FrameDeserializer.toFrame(record("cam", new byte[12], headers(FrameHeaders.FORMAT, "raw")), 5);
        assertEquals("a raw frame needs headers vidprop.width, vidprop.height and vidprop.pixel-format", f.problem);
    }

    @Test
    void deadLettersKeepTheOriginalBytesAndHeadersAndSayWhy() {
        Frame f = FrameDeserializer.toFrame(record("cam", new byte[] {4, 5},
                headers(FrameHeaders.SEQUENCE, "x")), 5);
        ProducerRecord<byte[], byte[]> out = new DeadLetterSerializer("dead").serialize(f, null, 99L);
        assertEquals("dead", out.topic());
        assertArrayEquals(new byte[] {4, 5}, out.value());
        assertEquals("cam", new String(out.key(), StandardCharsets.UTF_8));
        assertEquals("x", new String(out.headers().lastHeader(FrameHeaders.SEQUENCE).value(), StandardCharsets.UTF_8));
        assertEquals("header vidprop.seq is 'x', expected a whole number",
                new String(out.headers().lastHeader(FrameHeaders.ERROR).value(), StandardCharsets.UTF_8));
        assertEquals("frames-3@42", new String(out.headers().lastHeader(DeadLetterSerializer.SOURCE_HEADER).value(),
                StandardCharsets.UTF_8));
    }

    @Test
    void proposalRecordsRoundTripThroughJson() {
        ProposalRecord r = new ProposalRecord();
        r.cameraId = "cam";
        r.sequence = 3;
        r.width = 640;
        r.height = 360;
        r.modelId = "m";
        r.proposals = new float[][] {{1, 2, 3, 4, 0.5f}};
        r.framesShedBefore = 2;
        String json = r.toJson();
        assertEquals("{\"cameraId\":\"cam\",\"sequence\":3,\"captureTimestamp\":0,\"width\":640,\"height\":360,"
                + "\"modelId\":\"m\",\"proposals\":[[1.0,2.0,3.0,4.0,0.5]],\"latencyMs\":0,\"framesShedBefore\":2,\"duplicatesDroppedBefore\":0,"
                + "\"framesSkippedBefore\":0}", json);
        assertArrayEquals(r.proposals[0], ProposalRecord.fromJson(json).proposals[0]);
        assertEquals(2, ProposalRecord.fromJson(json).framesShedBefore);
    }
}
