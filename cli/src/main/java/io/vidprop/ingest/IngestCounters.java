package io.vidprop.ingest;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What happened to the frames of one ingest, updated from the grabbing and publishing threads. Once ingest has
 * finished, every grabbed frame was skipped by the fps limit, dropped from a full queue, published, or failed to
 * publish: {@code grabbed == skipped + dropped + published + failed}.
 */
public final class IngestCounters {
    final AtomicLong grabbed = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong published = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();

    /** Frames read from the source. */
    public long grabbed() {
        return grabbed.get();
    }

    /** Frames skipped to keep to {@code --fps}. */
    public long skipped() {
        return skipped.get();
    }

    /** Oldest unsent frames dropped because the queue to Kafka was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Frames Kafka acknowledged. */
    public long published() {
        return published.get();
    }

    /** Frames Kafka refused or that could not be sent (each logged). */
    public long failed() {
        return failed.get();
    }

    /** Times the source dropped (or could not be opened) and a reconnect was scheduled. */
    public long reconnects() {
        return reconnects.get();
    }

    String line() {
        return "grabbed " + grabbed() + ", skipped " + skipped() + ", published " + published() + ", dropped "
                + dropped() + ", failed " + failed() + ", reconnects " + reconnects();
    }
}
