package io.vidprop.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InferenceThreadTest {
    /** Work that, like native inference, ignores interrupts; it runs until {@code release} (at most 30 s). */
    private static Future<String> stubborn(InferenceThread thread, CountDownLatch started, CountDownLatch release) {
        return thread.submit(() -> {
            started.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (release.getCount() > 0 && System.nanoTime() < deadline) {
                try {
                    release.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException ignored) {
                    // as native code would: go on
                }
            }
            return "done";
        });
    }

    @Test
    void stopWaitsForTheRunningWorkThroughInterruptsAndSetsTheFlagAgain() throws Exception {
        InferenceThread thread = new InferenceThread("test inference");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> work = stubborn(thread, started, release);
        assertTrue(started.await(10, TimeUnit.SECONDS));
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                // release at once
            }
            release.countDown();
        });
        releaser.start();
        Thread.currentThread().interrupt(); // as Flink interrupts a task it cancels
        boolean stopped;
        try {
            stopped = thread.stop(Duration.ofSeconds(20));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt flag is set again (and cleared here)");
        }
        assertTrue(stopped, "stopped once the work was done");
        assertTrue(work.isDone());
        assertEquals("done", work.get(), "the running work was waited for, not abandoned");
        releaser.join(10_000);
    }

    @Test
    void stopGivesUpAfterItsTimeoutWhileWorkStillRuns() throws Exception {
        InferenceThread thread = new InferenceThread("test inference");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> work = stubborn(thread, started, release);
        Future<String> queued = thread.submit(() -> "never");
        assertTrue(started.await(10, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        assertFalse(thread.stop(Duration.ofMillis(200)), "still running: the model must not be freed");
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(200));
        assertFalse(Thread.currentThread().isInterrupted());
        release.countDown();
        assertEquals("done", work.get(10, TimeUnit.SECONDS));
        assertFalse(queued.isDone(), "work not yet started is dropped");
    }
}
