package io.vidprop.operators;

/** Lets a repeated warning through at most once per interval. */
final class LogThrottle {
    static final long DEFAULT_INTERVAL_MILLIS = 10_000;

    private final long intervalMillis;
    private long lastAt = Long.MIN_VALUE;

    LogThrottle(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    /** Whether a message may go out at {@code now}; if so, the interval starts again. */
    boolean allow(long now) {
        if (lastAt != Long.MIN_VALUE && now - lastAt < intervalMillis) {
            return false;
        }
        lastAt = now;
        return true;
    }
}
