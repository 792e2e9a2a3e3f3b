package io.vidprop.cluster;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Progress of a running {@code vidprop batch} job, read from Flink's REST API (the vertices' subtask metrics summed,
 * {@code GET /jobs/:id/vertices/:vid/subtasks/metrics?get=...&agg=sum,max}) and printed as one line: on a terminal
 * one line rewritten in place, otherwise a plain line every {@code interval}.
 *
 * <p>In Flink's BATCH mode the job runs in two stages, one after the other: the source reads every split of the
 * archive (frames decoded and encoded as JPEG, written to the exchange), then the proposal operator runs the model
 * over them. The line shows the frames done (with proposals or as dead letters) of the frames in the archive, the
 * frames read while the first stage runs, frames/s and the time left of the stage that runs, and the dead letters
 * so far. Where the archive's frame count is unknown (files whose frame count the probe could not tell) the reading
 * stage counts splits instead. Metric values are as old as the JobManager's {@code metrics.fetcher.update-interval}.
 */
public final class BatchProgress {
    /** The source reader's metrics (io.vidprop.batch.VideoFileSourceReader). */
    static final String FRAMES_READ = "archiveFramesRead";
    static final String SPLITS_DONE = "archiveSplitsDone";
    static final String SAMPLED_OUT = "framesSampledOut";
    static final String DAMAGED_FILES = "damagedFiles";
    static final String ARCHIVE_FRAMES = "archiveFrames";
    static final String ARCHIVE_SPLITS = "archiveSplits";
    /** The proposal operator's metrics (io.vidprop.operators.ProposalMetrics). */
    static final String FRAMES_OUT = "framesOut";
    static final String DEAD_LETTERS = "deadLetters";
    private static final List<String> SOURCE_METRICS = List.of(FRAMES_READ, SPLITS_DONE, SAMPLED_OUT, DAMAGED_FILES,
            ARCHIVE_FRAMES, ARCHIVE_SPLITS);
    private static final List<String> OPERATOR_METRICS = List.of(FRAMES_OUT, DEAD_LETTERS);
    /** The window frames/s is measured over. */
    static final Duration RATE_WINDOW = Duration.ofSeconds(30);
    private static final int BAR_WIDTH = 20;

    /**
     * What the job has done so far.
     *
     * @param archiveFrames frames in the archive (0: not known yet, or not known for some file)
     * @param archiveSplits splits of the archive (0: not known yet)
     * @param readingDone whether the source stage has finished
     * @param framesToProcess frames the source stage sent to the proposal operator, exact once reading is done (the
     *     job's vertex counts; the source's metrics miss what it read after the JobManager's last fetch)
     * @param framesOut frames with a proposal record
     * @param deadLetters dead letters (frames that could not be processed, damaged files)
     */
    public record Snapshot(long archiveFrames, long archiveSplits, long framesRead, long splitsDone, long sampledOut,
            long damagedFiles, boolean readingDone, long framesToProcess, long framesOut, long deadLetters) {
        /** Frames the proposal operator has finished with. */
        public long framesDone() {
            return framesOut + deadLetters;
        }
    }

    private final FlinkRestClient flink;
    private final String jobId;
    private final PrintWriter out;
    private final boolean terminal;
    private final Duration interval;
    private final int every;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();
    private String sourceVertex;
    private String operatorVertex;
    private Map<String, String> sourceIds = Map.of();
    private Map<String, String> operatorIds = Map.of();
    private Snapshot last;
    private long lastFailure;
    private int lastWidth;

    /**
     * @param terminal rewrite one line in place ({@code \r}) rather than print a line each {@code interval}
     * @param interval time between lines (on a terminal, between updates); null: print nothing
     * @param every the job's {@code --every} (one frame in N goes to the proposal operator)
     */
    public BatchProgress(FlinkRestClient flink, String jobId, PrintWriter out, boolean terminal, Duration interval,
            int every) {
        this.flink = flink;
        this.jobId = jobId;
        this.out = out;
        this.terminal = terminal;
        this.interval = interval;
        this.every = Math.max(1, every);
    }

    /** The last snapshot read, or null. */
    public Snapshot last() {
        return last;
    }

    /**
     * Polls the job and prints its progress until it reaches a terminal state or {@code done} says so (an embedded
     * cluster goes away with its job); returns the job's last state seen, or null if none was read. REST errors are
     * retried: the JobManager may be busy, an embedded one not up yet.
     */
    public JobInfo follow(BooleanSupplier done) throws InterruptedException {
        long poll = interval == null ? 1000 : Math.min(1000, interval.toMillis());
        long nextPrint = System.nanoTime();
        JobInfo job = null;
        while (!done.getAsBoolean()) {
            try {
                job = flink.job(jobId);
                Snapshot s = read(job);
                if (s != null) {
                    last = s;
                    sample(System.nanoTime(), s);
                }
                if (job.terminal()) {
                    break;
                }
                reportFailures();
                if (last != null && interval != null && System.nanoTime() >= nextPrint) {
                    print(line(last, rate(), every, terminal));
                    nextPrint = System.nanoTime() + interval.toNanos();
                }
            } catch (IOException | RuntimeException e) {
                // The REST endpoint not up yet, or gone with an embedded cluster's job: try again while it runs.
            }
            Thread.sleep(poll);
        }
        if (terminal && lastWidth > 0) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            out.flush();
        }
        return job;
    }

    /**
     * Prints a line for each new failure in the job's exception history: Flink restarts what was lost (a region of
     * the batch job) under the cluster's restart strategy, and the progress goes back by what is done again.
     */
    private void reportFailures() throws IOException {
        FlinkRestClient.Failure f = flink.latestFailure(jobId);
        if (f != null && f.timestampMillis() != lastFailure) {
            lastFailure = f.timestampMillis();
            if (terminal && lastWidth > 0) {
                out.print("\r" + " ".repeat(lastWidth) + "\r");
                lastWidth = 0;
            }
            out.println("vidprop batch: a task failed (" + f.cause() + "); Flink restarts the part of the job that "
                    + "was lost, as the cluster's restart strategy allows");
            out.flush();
        }
    }

    private void print(String line) {
        if (terminal) {
            String padded = line.length() < lastWidth ? line + " ".repeat(lastWidth - line.length()) : line;
            out.print("\r" + padded);
            lastWidth = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    private Snapshot read(JobInfo job) throws IOException {
        if (sourceVertex == null || operatorVertex == null) {
            for (JobInfo.Vertex v : job.vertices()) {
                Set<String> names = flink.subtaskMetricNames(jobId, v.id());
                Map<String, String> src = ids(names, SOURCE_METRICS);
                Map<String, String> op = ids(names, OPERATOR_METRICS);
                if (src.containsKey(FRAMES_READ)) {
                    sourceVertex = v.id();
                    sourceIds = src;
                }
                if (op.containsKey(FRAMES_OUT)) {
                    operatorVertex = v.id();
                    operatorIds = op;
                }
            }
            if (sourceVertex == null) {
                return null; // no metrics fetched yet
            }
        }
        Map<String, FlinkRestClient.AggregatedMetric> src = flink.subtaskMetrics(jobId, sourceVertex,
                sourceIds.values());
        Map<String, FlinkRestClient.AggregatedMetric> op = operatorVertex == null ? Map.of()
                : flink.subtaskMetrics(jobId, operatorVertex, operatorIds.values());
        JobInfo.Vertex source = job.vertices().stream().filter(v -> v.id().equals(sourceVertex)).findFirst()
                .orElseThrow();
        boolean readingDone = source.status().equals("FINISHED");
        return new Snapshot((long) max(src, sourceIds, ARCHIVE_FRAMES), (long) max(src, sourceIds, ARCHIVE_SPLITS),
                (long) sum(src, sourceIds, FRAMES_READ), (long) sum(src, sourceIds, SPLITS_DONE),
                (long) sum(src, sourceIds, SAMPLED_OUT), (long) sum(src, sourceIds, DAMAGED_FILES), readingDone, source.writeRecords(),
                (long) sum(op, operatorIds, FRAMES_OUT), (long) sum(op, operatorIds, DEAD_LETTERS));
    }

    /**
     * The operator-level metric ids among {@code available} (OPERATOR.NAME, not a per-camera group's
     * OPERATOR.camera.ID.NAME), by metric name.
     */
    static Map<String, String> ids(Set<String> available, List<String> wanted) {
        Map<String, String> ids = new java.util.TreeMap<>();
        for (String id : available) {
            int dot = id.indexOf('.');
            if (dot > 0 && wanted.contains(id.substring(dot + 1))) {
                ids.put(id.substring(dot + 1), id);
            }
        }
        return ids;
    }

    private static double sum(Map<String, FlinkRestClient.AggregatedMetric> values, Map<String, String> ids,
            String name) {
        FlinkRestClient.AggregatedMetric m = ids.containsKey(name) ? values.get(ids.get(name)) : null;
        return m == null ? 0 : m.sum();
    }

    private static double max(Map<String, FlinkRestClient.AggregatedMetric> values, Map<String, String> ids,
            String name) {
        FlinkRestClient.AggregatedMetric m = ids.containsKey(name) ? values.get(ids.get(name)) : null;
        return m == null ? 0 : m.max();
    }

    private void sample(long nanos, Snapshot s) {
        long work = s.readingDone() || s.framesDone() > 0 ? s.framesDone() : s.framesRead();
        long stage = s.readingDone() || s.framesDone() > 0 ? 1 : 0;
        if (!samples.isEmpty() && samples.peekLast()[2] != stage) {
            samples.clear(); // a new stage: its own rate
        }
        samples.addLast(new long[] {nanos, work, stage});
        while (samples.size() > 2 && nanos - samples.peekFirst()[0] > RATE_WINDOW.toNanos()) {
            samples.removeFirst();
        }
    }

    /** Frames a second of the stage that runs, over the last {@link #RATE_WINDOW}; 0 while unknown. */
    private double rate() {
        if (samples.size() < 2) {
            return 0;
        }
        long[] first = samples.peekFirst();
        long[] latest = samples.peekLast();
        double seconds = (latest[0] - first[0]) / 1e9;
        return seconds <= 0 ? 0 : Math.max(0, latest[1] - first[1]) / seconds;
    }

    /** Frames the proposal operator will see: the archive's (one in {@code every}), exact once reading is done. */
    static long framesExpected(Snapshot s, int every) {
        if (s.readingDone()) {
            return s.framesToProcess();
        }
        return (s.archiveFrames() + every - 1) / every;
    }

    /** The progress line. */
    static String line(Snapshot s, double framesPerSecond, int every, boolean bar) {
        StringBuilder b = new StringBuilder("vidprop batch: ");
        long expected = framesExpected(s, every);
        boolean proposing = s.readingDone() || s.framesDone() > 0;
        double fraction;
        if (expected > 0) {
            fraction = Math.min(1, s.framesDone() / (double) expected);
        } else {
            fraction = 0;
        }
        if (bar) {
            int filled = (int) Math.round(fraction * BAR_WIDTH);
            b.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
        }
        b.append(String.format("%3d%% ", (int) Math.floor(fraction * 100)));
        b.append(s.framesDone()).append('/').append(expected > 0 ? Long.toString(expected) : "?").append(" frames");
        if (!s.readingDone()) {
            if (s.archiveFrames() > 0) {
                b.append(", read ").append(s.framesRead()).append('/').append(s.archiveFrames());
            } else {
                b.append(", read ").append(s.framesRead());
            }
            b.append(" (").append(s.splitsDone()).append('/')
                    .append(s.archiveSplits() > 0 ? Long.toString(s.archiveSplits()) : "?").append(" splits)");
        }
        b.append(String.format(", %.1f frames/s", framesPerSecond));
        if (proposing) {
            b.append(", ETA ").append(eta(expected - s.framesDone(), framesPerSecond));
        } else {
            long left = s.archiveFrames() > 0 ? s.archiveFrames() - s.framesRead() : -1;
            b.append(", reading ETA ").append(left < 0 ? "?" : eta(left, framesPerSecond));
        }
        b.append(", ").append(s.deadLetters()).append(s.deadLetters() == 1 ? " dead letter" : " dead letters");
        return b.toString();
    }

    static String eta(long framesLeft, double framesPerSecond) {
        if (framesLeft <= 0) {
            return "0s";
        }
        if (framesPerSecond <= 0) {
            return "?";
        }
        return duration(Math.round(framesLeft / framesPerSecond));
    }

    /** 45s, 3m05s, 2h03m. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
    }

    /** The closing line: frames with proposal records, dead letters, time and frames/s. */
    public static String summary(long proposalRecords, long deadLetters, Duration took) {
        double seconds = took.toMillis() / 1000.0;
        return String.format("vidprop batch: done, %d frames with proposal records, %d dead letters in %s (%.1f "
                + "frames/s)", proposalRecords, deadLetters, duration(Math.round(seconds)),
                seconds > 0 ? (proposalRecords + deadLetters) / seconds : 0);
    }

}
