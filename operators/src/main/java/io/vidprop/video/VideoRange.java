package io.vidprop.video;

/**
 * The part of a video to read, by presentation time: frames with {@code startMicros <= pts < endMicros}.
 * {@link #ALL} is the whole file.
 */
public record VideoRange(long startMicros, long endMicros) implements java.io.Serializable {
    public static final VideoRange ALL = new VideoRange(0, Long.MAX_VALUE);

    public VideoRange {
        if (startMicros < 0 || endMicros <= startMicros) {
            throw new IllegalArgumentException("a video range needs 0 <= start < end, got start " + startMicros / 1e6
                    + " s, end " + endMicros / 1e6 + " s");
        }
    }

    /** From seconds; a null bound means the file's start or end. */
    public static VideoRange ofSeconds(Double start, Double end) {
        return new VideoRange(start == null ? 0 : Math.round(start * 1e6),
                end == null ? Long.MAX_VALUE : Math.round(end * 1e6));
    }

    public boolean isAll() {
        return startMicros == 0 && endMicros == Long.MAX_VALUE;
    }

    boolean contains(long micros) {
        return micros >= startMicros && micros < endMicros;
    }
}
