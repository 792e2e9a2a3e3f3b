package io.vidprop.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IngestPartsTest {
    @Test
    void reconnectDelaysDoubleUpToTheMaximumAndStartOverAfterASuccess() {
        Backoff b = new Backoff(500, 3000);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            delays.add(b.nextDelayMillis());
        }
        assertEquals(List.of(500L, 1000L, 2000L, 3000L, 3000L), delays);
        assertEquals(5, b.attempt());
        b.reset();
        assertEquals(500L, b.nextDelayMillis());
        assertEquals(1, b.attempt());
    }

    @Test
    void aFullQueueEvictsItsOldestItem() throws Exception {
        DropOldestQueue<Integer> q = new DropOldestQueue<>(3);
        List<Integer> evicted = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Integer e = q.offer(i);
            if (e != null) {
                evicted.add(e);
            }
        }
        assertEquals(List.of(1, 2), evicted);
        assertEquals(3, q.highWaterMark());
        assertEquals(3, q.poll(0, TimeUnit.MILLISECONDS));
        assertEquals(4, q.poll(0, TimeUnit.MILLISECONDS));
        assertEquals(5, q.poll(0, TimeUnit.MILLISECONDS));
        assertNull(q.poll(10, TimeUnit.MILLISECONDS));
    }

    @Test
    void theThrottleKeepsEvenlySpacedFramesAtTheTargetRate() {
        FpsThrottle t = new FpsThrottle(10);
        int kept = 0;
        // 30 fps with a millisecond of jitter, for two seconds.
        for (int i = 0; i < 60; i++) {
            if (t.keep(i * 1000L / 30 + (i % 2))) {
                kept++;
            }
        }
        assertEquals(20, kept);
        FpsThrottle off = new FpsThrottle(0);
        for (int i = 0; i < 10; i++) {
            off.keep(0);
        }
        assertEquals(true, off.keep(0));
    }
}
