package io.vidprop.replay;

import java.util.Locale;

/** How fast to replay: a multiple of the video's own pacing ({@code 1x}, {@code 2x}, {@code 0.5x}) or {@code max}. */
public record ReplayRate(double factor) {
    public static final ReplayRate MAX = new ReplayRate(Double.POSITIVE_INFINITY);

    public ReplayRate {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("a replay rate must be positive, got " + factor);
        }
    }

    public static ReplayRate parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("max")) {
            return MAX;
        }
        try {
            return new ReplayRate(Double.parseDouble(t.endsWith("x") ? t.substring(0, t.length() - 1) : t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rate must be like 1x, 2x, 0.5x or max, got '" + text + "'");
        }
    }

    public boolean isMax() {
        return Double.isInfinite(factor);
    }

    /** Wall-clock nanoseconds after the start at which a frame this far into the video is due. */
    long dueNanos(long videoMicros) {
        return isMax() ? 0 : (long) (videoMicros * 1000 / factor);
    }

    @Override
    public String toString() {
        return isMax() ? "max" : factor + "x";
    }
}
