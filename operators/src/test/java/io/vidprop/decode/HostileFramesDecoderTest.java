package io.vidprop.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.kafka.Frame;
import io.vidprop.kafka.FrameDeserializer;
import io.vidprop.operators.ProposalSettings;
import io.vidprop.testing.HostileFrames;
import io.vidprop.testing.HostileFrames.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * The hostile-frame corpus against the frame contract's reader and {@link FrameDecoder} alone, as the proposal
 * operator uses them: every record comes to the outcome the corpus declares for it (decoded at its size, or refused
 * for its reason), and nothing throws anything but the IllegalArgumentException that makes a dead letter.
 */
class HostileFramesDecoderTest {
    static ConsumerRecord<byte[], byte[]> record(HostileFrames.Fuzz f, long offset) {
        RecordHeaders headers = new RecordHeaders();
        f.headers().forEach(headers::add);
        return new ConsumerRecord<>("frames", 0, offset, 1_764_000_000_000L, TimestampType.CREATE_TIME, 0, 0,
                f.camera().getBytes(StandardCharsets.UTF_8), f.value(), headers, Optional.empty());
    }

    /** What the operator makes of a record: a header problem or a decoder refusal is a dead letter with that reason. */
    static Outcome outcome(Frame frame, FrameDecoder decoder) {
        if (frame.problem != null) {
            return Outcome.deadLetter(frame.problem);
        }
        try {
            DecodedFrame d = frame.isRaw()
                    ? decoder.decodeRaw(frame.payload, frame.width, frame.height, PixelFormat.parse(frame.pixelFormat))
                    : decoder.decode(frame.payload);
            return Outcome.decoded(d.originalWidth(), d.originalHeight());
        } catch (IllegalArgumentException e) {
            return Outcome.deadLetter(e.getMessage());
        }
    }

    @Test
    void everyRecordComesToItsDeclaredOutcome() {
        List<HostileFrames.Fuzz> corpus = new HostileFrames(20261130L, 100_000).corpus(1200, 20, "cam-a", "cam-b",
                "cam-c");
        assertEquals(1260, corpus.size());
        assertEquals(HostileFrames.MAX_PIXELS, ProposalSettings.DEFAULT_MAX_PIXELS, "the corpus's pixel limit");
        FrameDecoder decoder = new FrameDecoder(ProposalSettings.DEFAULT_MAX_PIXELS, 192, 320);
        Map<String, int[]> tally = new TreeMap<>(); // kind -> [decoded, dead letters]
        for (int i = 0; i < corpus.size(); i++) {
            HostileFrames.Fuzz f = corpus.get(i);
            Outcome expected = f.expected();
            Outcome actual;
            try {
                actual = outcome(FrameDeserializer.toFrame(record(f, i), 0), decoder);
            } catch (Throwable t) {
                throw new AssertionError("record " + i + " (" + f.kind() + ") threw " + t, t);
            }
            String what = "record " + i + " (" + f.kind() + "): expected " + expected + ", got " + actual;
            assertEquals(expected.decodes(), actual.decodes(), what);
            if (expected.decodes()) {
                assertEquals(expected.width(), actual.width(), what);
                assertEquals(expected.height(), actual.height(), what);
            } else {
                assertTrue(actual.reason().contains(expected.reason()), what);
            }
            tally.computeIfAbsent(f.kind(), k -> new int[2])[expected.decodes() ? 0 : 1]++;
        }
        assertEquals(60, tally.get("good")[0], "every good frame decodes");
        for (String kind : HostileFrames.KINDS) {
            int[] c = tally.get(kind);
            assertEquals(120, c[0] + c[1], kind);
        }
        // The kinds whose records decode (garbled pixel data without a checksum, correct raw frames) and those
        // that never do.
        assertEquals(120, tally.get("garbled")[0], "garbled BMP pixel data decodes at its size");
        assertTrue(tally.get("raw")[0] > 0 && tally.get("raw")[1] > 0, "raw frames both decode and are refused");
        for (String kind : List.of("truncated", "bit-flipped", "size-claim", "random-bytes", "wrong-format",
                "empty", "bad-headers", "oversized")) {
            assertEquals(0, tally.get(kind)[0], kind + " never decodes");
        }
    }
}
