package io.vidprop.batch;

import io.vidprop.decode.JpegEncoder;
import io.vidprop.kafka.Frame;
import io.vidprop.kafka.FrameRecords;
import io.vidprop.video.DamagedVideoException;
import io.vidprop.video.VideoFileReader;
import io.vidprop.video.VideoFrame;
import io.vidprop.video.VideoRange;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads its assigned time ranges one after another and emits each frame as the {@link Frame} the streaming job would
 * read from a replay of the file, timestamped with its frame number (batch execution sorts each camera's frames by
 * it). With {@code every} N only frames whose number is a multiple of N are emitted (the others are counted). A file
 * that stops being readable part-way gives its readable frames and then one dead letter saying where and how many
 * frames were not read, unless the job stops at damaged files.
 *
 * <p>Metrics (for progress): {@value #FRAMES_READ}, {@value #SPLITS_DONE}, {@value #FRAMES_SAMPLED_OUT},
 * {@value #DAMAGED_FILES} (counters), and the archive's {@value #ARCHIVE_FRAMES} and {@value #ARCHIVE_SPLITS}
 * (gauges, 0 until the reader's first split).
 */
final class VideoFileSourceReader implements SourceReader<Frame, VideoFileSplit> {
    static final String FRAMES_READ = "archiveFramesRead";
    static final String SPLITS_DONE = "archiveSplitsDone";
    static final String FRAMES_SAMPLED_OUT = "framesSampledOut";
    static final String DAMAGED_FILES = "damagedFiles";
    static final String ARCHIVE_FRAMES = "archiveFrames";
    static final String ARCHIVE_SPLITS = "archiveSplits";
    private static final Logger LOG = LoggerFactory.getLogger(VideoFileSourceReader.class);

    private final SourceReaderContext context;
    private final VideoFileSource.Settings settings;
    private final JpegEncoder encoder;
    private final ArrayDeque<VideoFileSplit> pending = new ArrayDeque<>();
    private final Counter framesRead;
    private final Counter splitsDone;
    private final Counter sampledOut;
    private final Counter damagedFiles;
    private volatile long archiveFrames;
    private volatile int archiveSplits;
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private boolean noMoreSplits;
    private VideoFileSplit current;
    private VideoFileReader reader;
    private long read;

    VideoFileSourceReader(SourceReaderContext context, VideoFileSource.Settings settings) {
        this.context = context;
        this.settings = settings;
        this.encoder = new JpegEncoder(settings.jpegQuality());
        MetricGroup metrics = context.metricGroup();
        framesRead = metrics.counter(FRAMES_READ);
        splitsDone = metrics.counter(SPLITS_DONE);
        sampledOut = metrics.counter(FRAMES_SAMPLED_OUT);
        damagedFiles = metrics.counter(DAMAGED_FILES);
        metrics.gauge(ARCHIVE_FRAMES, (Gauge<Long>) () -> archiveFrames);
        metrics.gauge(ARCHIVE_SPLITS, (Gauge<Integer>) () -> archiveSplits);
    }

    @Override
    public void start() {
        context.sendSplitRequest();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<Frame> output) throws Exception {
        if (current == null) {
            current = pending.poll();
            if (current == null) {
                if (noMoreSplits) {
                    return InputStatus.END_OF_INPUT;
                }
                available = new CompletableFuture<>();
                return InputStatus.NOTHING_AVAILABLE;
            }
            archiveFrames = current.archiveFrames();
            archiveSplits = current.archiveSplits();
            read = 0;
            if (current.problem() != null) {
                damaged(output, current.problem(), 0);
                return InputStatus.MORE_AVAILABLE;
            }
        }
        VideoFrame f;
        try {
            if (reader == null) {
                reader = VideoFileReader.open(current.file(), new VideoRange(current.startMicros(),
                        current.endMicros()), current.epochMillis(), current.numbering());
            }
            f = reader.next();
        } catch (DamagedVideoException e) {
            if (settings.failOnDamaged()) {
                throw e;
            }
            damaged(output, e.getMessage(), e.readableFrames());
            return InputStatus.MORE_AVAILABLE;
        }
        if (f == null) {
            finishSplit();
            return InputStatus.MORE_AVAILABLE;
        }
        framesRead.inc();
        if (read++ < current.framesRead()) {
            return InputStatus.MORE_AVAILABLE; // emitted before a failover
        }
        if (f.index() % settings.every() != 0) {
            sampledOut.inc();
            return InputStatus.MORE_AVAILABLE;
        }
        Frame frame = FrameRecords.toFrame(current.file(), current.cameraId(), f.index(), f.captureTimestampMillis(),
                encoder.encode(f.image()), System.currentTimeMillis());
        output.collect(frame, f.index());
        return InputStatus.MORE_AVAILABLE;
    }

    /** One dead letter for the rest of the split's file, numbered after its last readable frame. */
    private void damaged(ReaderOutput<Frame> output, String problem, long readableFrames) throws IOException {
        damagedFiles.inc();
        long unread = current.expectedFrames() > 0 ? Math.max(0, current.expectedFrames() - read) : -1;
        String reason = problem + (unread >= 0 ? "; about " + unread + " frames of this part not read" : "")
                + " (the job goes on with the other files; --fail-on-damaged stops it instead)";
        LOG.warn("camera {}: {}", current.cameraId(), reason);
        Frame notice = FrameRecords.toFrame(current.file(), current.cameraId(), readableFrames, current.epochMillis(),
                new byte[0], System.currentTimeMillis());
        notice.problem = reason;
        output.collect(notice, readableFrames);
        finishSplit();
    }

    private void finishSplit() throws IOException {
        closeReader();
        splitsDone.inc();
        current = null;
        context.sendSplitRequest();
    }

    @Override
    public List<VideoFileSplit> snapshotState(long checkpointId) {
        List<VideoFileSplit> state = new ArrayList<>();
        if (current != null) {
            state.add(current.read(read));
        }
        state.addAll(pending);
        return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<VideoFileSplit> splits) {
        pending.addAll(splits);
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() throws IOException {
        closeReader();
    }

    private void closeReader() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
