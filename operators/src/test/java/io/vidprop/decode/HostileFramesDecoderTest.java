package io.vidprop.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;




import io.vidprop.kafka.Frame;
import io.vidprop.kafka.FrameDeserializer;
import io.vidprop.operators.ProposalSettings;
import io.vidprop.testing.HostileFrames;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * The fuzz corpus against the frame contract's reader and {@link FrameDecoder} alone, as the proposal operator uses
 * them: every record is decoded or refused with an IllegalArgumentException (or a header problem), never anything else.
 */
class HostileFramesDecoderTest {
    static ConsumerRecord<byte[], byte[]> record(HostileFrames.Fuzz f, long offset) {
        RecordHeaders headers = new RecordHeaders();
        f.headers().forEach(headers::add);
        return new ConsumerRecord<>("frames", 0, offset, 1_764_000_000_000L, TimestampType.CREATE_TIME, 0, 0,
                f.camera().getBytes(java.nio.charset.StandardCharsets.UTF_8), f.value(), headers, Optional.empty());
    }

    @Test
    void everyHostileFrameIsDecodedOrRefusedCleanly() {
        List<HostileFrames.Fuzz> corpus = new HostileFrames(20261130L, 100_000).corpus(1200, 20, "cam-a", "cam-b",
                "cam-c");
        assertEquals(1260, corpus.size());
        FrameDecoder decoder = new FrameDecoder(ProposalSettings.DEFAULT_MAX_PIXELS, 192, 320);
        Map<String, int[]> outcomes = new TreeMap<>(); // kind -> [header problem, refused, decoded]
        for (int i = 0; i < corpus.size(); i++) {
            HostileFrames.Fuzz f = corpus.get(i);
            Frame frame = FrameDeserializer.toFrame(record(f, i), 0);
            int[] counts = outcomes.computeIfAbsent(f.kind(), k -> new int[3]);
            if (frame.problem != null) {
                assertTrue(!f.good(), "good frame " + i + " has a problem: " + frame.problem);
                counts[0]++;
                continue;
            }
            try {
                DecodedFrame d = frame.isRaw()
                        ? decoder.decodeRaw(frame.payload, frame.width, frame.height,
                                PixelFormat.parse(frame.pixelFormat))
                        : decoder.decode(frame.payload);
                assertNotNull(d.image());
                counts[2]++;
            } catch (IllegalArgumentException e) {
                if (f.good()) {
                    fail("good frame " + i + " refused: " + e.getMessage());
                }
                assertNotNull(e.getMessage(), f.kind() + " " + i);
                counts[1]++;
            } catch (Throwable t) {
                throw new AssertionError("record " + i + " (" + f.kind() + ") threw " + t, t);
            }
        }
        assertEquals(60, outcomes.get("good")[2], "every good frame decodes");
        for (String kind : HostileFrames.KINDS) {
            int[] c = outcomes.get(kind);
            assertEquals(120, c[0] + c[1] + c[2], kind);
        }
        assertEquals(0, outcomes.get("empty")[2], "an empty value never decodes");
        assertEquals(120, outcomes.get("bad-headers")[0], "every malformed sequence or time header is a header problem");
        System.out.println("fuzz outcomes [header problem, refused, decoded]: " + outcomes.entrySet().stream()
                .map(e -> e.getKey() + "=" + java.util.Arrays.toString(e.getValue())).toList());
    }
}
