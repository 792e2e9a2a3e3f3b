package io.vidprop.operators;

import io.vidprop.kafka.Frame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sheds the frames of a batch captured more than {@code maxAgeMillis} before it is about to run (live streams under
 * overload lose old frames rather than fall further behind). Each shed frame is counted in the metrics and logged at
 * debug level, with a summary warning at most every 10 s; its camera's next record reports it.
 */
final class StaleFrameShedder {
    private static final Logger LOG = LoggerFactory.getLogger(ProposalOperator.class);

    private final long maxAgeMillis;
    private final WallClock clock;
    private final ProposalMetrics metrics;
    private final LogThrottle warnings = new LogThrottle(LogThrottle.DEFAULT_INTERVAL_MILLIS);
    private long shedSinceWarning;

    /**
     * The frames kept, each noting how many of its camera's frames were shed just before it, and the counts shed after
     * each camera's last kept frame (for the camera's next record).
     */
    record Result(List<PendingFrame> kept, Map<String, Long> shedAfterLastKept) {}

    StaleFrameShedder(long maxAgeMillis, WallClock clock, ProposalMetrics metrics) {
        this.maxAgeMillis = maxAgeMillis;
        this.clock = clock;
        this.metrics = metrics;
    }

    Result shed(List<PendingFrame> frames) {
        if (maxAgeMillis <= 0) {
            return new Result(frames, Map.of());
        }
        long now = clock.millis();
        List<PendingFrame> kept = new ArrayList<>(frames.size());
        Map<String, Long> shedSinceKept = new HashMap<>();
        for (PendingFrame p : frames) {
            Frame f = p.frame();
            long age = now - f.captureTimestamp;
            if (age > maxAgeMillis) {
                shedSinceKept.merge(f.cameraId, 1L, Long::sum);
                metrics.frameShed(f.cameraId);
                shedSinceWarning++;
                LOG.debug("shed frame {}: {} ms old, over the limit of {} ms", f, age, maxAgeMillis);
            } else {
                Long before = shedSinceKept.remove(f.cameraId);
                kept.add(before == null ? p : p.withShedBefore(before));
            }
        }
        if (shedSinceWarning > 0 && warnings.allow(now)) {
            LOG.warn("shed {} frames older than {} ms since the last report (model behind the live streams)",
                    shedSinceWarning, maxAgeMillis);
            shedSinceWarning = 0;
        }
        return new Result(kept, shedSinceKept);
    }
}
