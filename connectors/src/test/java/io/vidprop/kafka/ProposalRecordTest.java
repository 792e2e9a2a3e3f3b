package io.vidprop.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ProposalRecordTest {
    private static ProposalRecord record(String camera, int proposals, long seed) {
        Random random = new Random(seed);
        ProposalRecord r = new ProposalRecord();
        r.cameraId = camera;
        r.sequence = random.nextLong();
        r.captureTimestamp = 1_764_000_000_000L + random.nextInt(1 << 20);
        r.width = 1280;
        r.height = 720;
        r.modelId = "vidprop-rpn-default";
        r.proposals = new float[proposals][];
        for (int i = 0; i < proposals; i++) {
            r.proposals[i] = new float[] {random.nextFloat() * 1280, random.nextFloat() * 720, 1e-7f * random.nextFloat(),
                    3e9f * random.nextFloat(), random.nextFloat()};
        }
        r.latencyMs = random.nextInt(500);
        r.framesShedBefore = random.nextInt(3);
        r.duplicatesDroppedBefore = random.nextInt(1 << 20);
        r.framesSkippedBefore = random.nextInt(5);
        if (seed % 2 == 1) {
            r.tracks = new ProposalRecord.TrackedBox[(int) (seed % 5)];
            for (int i = 0; i < r.tracks.length; i++) {
                r.tracks[i] = new ProposalRecord.TrackedBox(random.nextInt(1000) + 1, new float[] {
                    random.nextFloat() * 1280, random.nextFloat() * 720, random.nextFloat() * 1280,
                    random.nextFloat() * 720}, random.nextFloat(), random.nextInt(100) + 1);
            }
        }
        return r;
    }

    @Test
    void handWrittenJsonIsWhatGsonWrites() {
        for (long seed = 0; seed < 20; seed++) {
            ProposalRecord r = record("camera-" + seed, (int) (seed * 17 % 301), seed);
            assertEquals(r.toJsonByReflection(), r.toJson());
        }
    }

    @Test
    void oddStringsAndNumbersAreWrittenAsGsonWritesThem() {
        ProposalRecord r = record("cam \"north\" \\ <gate> & \u00e9\u2028\n\t\u0001", 3, 7);
        r.proposals[1] = new float[] {Float.NaN, Float.POSITIVE_INFINITY, -0f, 0f, Float.MIN_VALUE};
        r.modelId = null;
        assertEquals(r.toJsonByReflection(), r.toJson());
        ProposalRecord back = ProposalRecord.fromJson(r.toJson());
        assertEquals(r.cameraId, back.cameraId);
        assertArrayEquals(r.proposals[2], back.proposals[2]);

        ProposalRecord empty = new ProposalRecord();
        assertEquals(empty.toJsonByReflection(), empty.toJson());
        empty.proposals = new float[0][];
        assertEquals(empty.toJsonByReflection(), empty.toJson());
    }
}
