package io.vidprop.ingest;

/**
 * Thins a stream to at most a target frame rate by skipping frames, keeping the kept frames evenly spaced. A source
 * slower than the target loses nothing.
 */
final class FpsThrottle {
    private final double intervalMillis;
    private double nextDue = Double.NEGATIVE_INFINITY;

    /** @param fps the target rate; 0 keeps every frame */
    FpsThrottle(double fps) {
        this.intervalMillis = fps > 0 ? 1000.0 / fps : 0;
    }

    /** Whether the frame grabbed at this time is kept. */
    boolean keep(long nowMillis) {
        if (intervalMillis == 0) {
            return true;
        }
        // A little tolerance, so that jitter in a source at exactly the target rate does not halve it.
        if (nowMillis < nextDue - intervalMillis * 0.25) {
            return false;
        }
        // Stay in phase while the source keeps up; after a stall, restart from now instead of bursting.
        nextDue = nextDue == Double.NEGATIVE_INFINITY ? nowMillis + intervalMillis
                : Math.max(nextDue + intervalMillis, nowMillis + intervalMillis * 0.75);
        return true;
    }
}
