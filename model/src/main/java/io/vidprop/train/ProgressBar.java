package io.vidprop.train;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A one-line progress bar with rate and ETA. On a terminal it redraws in place; otherwise (logs, CI) it prints a
 * line at every tenth of the work so output stays readable.
 */
public final class ProgressBar {
    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private long lastDraw;
    private long lastTenth = -1;

    public ProgressBar(PrintStream out, String label, long total) {
        this(out, label, total, System.console() != null);
    }

    public ProgressBar(PrintStream out, String label, long total, boolean interactive) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        this.interactive = interactive;
    }

    /** Reports {@code done} units finished since this bar started, with a free-form status such as the loss. */
    public void update(long done, String status) {
        long now = System.nanoTime();
        long tenth = done * 10 / total;
        boolean last = done >= total;
        if (interactive ? (now - lastDraw < 200_000_000L && !last) : (tenth == lastTenth && !last)) {
            return;
        }
        lastDraw = now;
        lastTenth = tenth;
        double seconds = (now - startNanos) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        long etaSeconds = rate > 0 ? (long) ((total - done) / rate) : 0;
        int width = 30;
        int filled = (int) (width * Math.min(done, total) / total);
        String bar = "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "");
        String line = String.format("%s [%s] %d/%d %s %.1f/s ETA %s", label, bar, done, total, status, rate,
                format(Duration.ofSeconds(etaSeconds)));
        if (interactive) {
            out.print("\r" + line + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    static String format(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
