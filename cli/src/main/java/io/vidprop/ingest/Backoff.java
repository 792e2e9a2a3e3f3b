package io.vidprop.ingest;

/** Exponential reconnect delays: the initial delay, doubling on every failed attempt up to a maximum. */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;
    private int attempt;

    Backoff(long initialMillis, long maxMillis) {
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.nextMillis = initialMillis;
    }

    /** The delay before the next attempt; each call doubles the one after it, up to the maximum. */
    long nextDelayMillis() {
        long delay = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        attempt++;
        return delay;
    }

    /** Attempts since the last success, counting the one {@link #nextDelayMillis()} last announced. */
    int attempt() {
        return attempt;
    }

    /** The source delivered again: the next failure starts from the initial delay. */
    void reset() {
        nextMillis = initialMillis;
        attempt = 0;
    }
}
