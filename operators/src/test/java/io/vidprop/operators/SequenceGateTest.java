package io.vidprop.operators;

import static io.vidprop.operators.SequenceGate.Verdict.DUPLICATE;
import static io.vidprop.operators.SequenceGate.Verdict.NEW;
import static io.vidprop.operators.SequenceGate.Verdict.UNNUMBERED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SequenceGateTest {
    private final CameraSequence camera = SequenceGate.fresh();

    private SequenceGate.Verdict frame(long sequence, long capture) {
        return SequenceGate.admit(camera, true, sequence, capture);
    }

    @Test
    void aReplayOfProcessedFramesIsDroppedExactly() {
        for (int s = 1; s <= 5; s++) {
            assertEquals(NEW, frame(s, 1000 + s));
        }
        for (int s = 1; s <= 5; s++) {
            assertEquals(DUPLICATE, frame(s, 1000 + s), "replayed frame " + s);
        }
        assertEquals(NEW, frame(6, 1006));
        assertEquals(6, camera.lastSequence);
    }

    @Test
    void aFrameWithoutASequenceHeaderPassesAndLeavesTheNumberingAlone() {
        assertEquals(NEW, frame(12, 100));
        // The Kafka offset (10,452) stands in for its sequence number: it must not move the camera's.
        assertEquals(UNNUMBERED, SequenceGate.admit(camera, false, 10_452, 101));
        assertEquals(12, camera.lastSequence);
        assertEquals(100, camera.lastCaptureTimestamp);
        assertEquals(NEW, frame(13, 102));
    }

    @Test
    void aProducerThatNumbersFromOneAgainWithNewerCaptureTimesStartsANewEpoch() {
        for (int s = 100; s <= 110; s++) {
            assertEquals(NEW, frame(s, 10_000 + s));
        }
        assertEquals(NEW, frame(1, 20_000), "restarted producer, newer capture time");
        assertEquals(20_000, camera.epochStart);
        assertEquals(NEW, frame(2, 20_040));
        assertEquals(NEW, frame(3, 20_080));
        assertEquals(DUPLICATE, frame(2, 20_040), "replay within the new epoch");
        assertEquals(DUPLICATE, frame(105, 10_105), "replay of the old numbering, though numbered above the new");
        assertEquals(DUPLICATE, frame(3, 20_080));
        assertEquals(NEW, frame(4, 20_120));
    }

    @Test
    void aLowerNumberWithAnOlderOrEqualCaptureTimeIsADuplicate() {
        assertEquals(NEW, frame(10, 500));
        assertEquals(DUPLICATE, frame(9, 500));
        assertEquals(DUPLICATE, frame(10, 499));
        assertEquals(10, camera.lastSequence);
    }

    @Test
    void stateFromAnOlderSavepointKeepsItsLastSequenceNumber() {
        CameraSequence old = SequenceGate.fresh();
        old.lastSequence = 40; // capture times unknown
        assertEquals(DUPLICATE, SequenceGate.admit(old, true, 40, 9_999_999));
        assertEquals(NEW, SequenceGate.admit(old, true, 41, 5_000));
        assertEquals(5_000, old.epochStart);
        assertEquals(NEW, SequenceGate.admit(old, true, 1, 6_000), "capture times known from here on");
    }

    @Test
    void dropsAreCountedUntilTheNextAdmittedFrameTakesThem() {
        frame(1, 1);
        SequenceGate.recordDrop(camera);
        SequenceGate.recordDrop(camera);
        assertEquals(2, camera.consecutiveDrops);
        assertEquals(2, SequenceGate.takeDropped(camera));
        assertEquals(0, SequenceGate.takeDropped(camera));
        assertEquals(NEW, frame(2, 2));
        assertEquals(0, camera.consecutiveDrops);
    }
}
