package io.vidprop.batch;

import io.vidprop.decode.JpegEncoder;
import io.vidprop.kafka.Frame;
import io.vidprop.kafka.FrameRecords;
import io.vidprop.video.VideoFileReader;
import io.vidprop.video.VideoFrame;
import io.vidprop.video.VideoRange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;

/**
 * Reads its assigned files one after another and emits each frame as the {@link Frame} the streaming job would read
 * from a replay of the file, timestamped with its sequence number (batch execution sorts each camera's frames by it).
 * A damaged file fails the job with the reader's message, after its readable frames.
 */
final class VideoFileSourceReader implements SourceReader<Frame, VideoFileSplit> {
    private final SourceReaderContext context;
    private final JpegEncoder encoder;
    private final ArrayDeque<VideoFileSplit> pending = new ArrayDeque<>();
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private boolean noMoreSplits;
    private VideoFileSplit current;
    private VideoFileReader reader;
    private long emitted;

    VideoFileSourceReader(SourceReaderContext context, int jpegQuality) {
        this.context = context;
        this.encoder = new JpegEncoder(jpegQuality);
    }

    @Override
    public void start() {
        context.sendSplitRequest();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<Frame> output) throws Exception {
        if (reader == null) {
            current = pending.poll();
            if (current == null) {
                if (noMoreSplits) {
                    return InputStatus.END_OF_INPUT;
                }
                available = new CompletableFuture<>();
                return InputStatus.NOTHING_AVAILABLE;
            }
            reader = VideoFileReader.open(Path.of(current.file()),
                    new VideoRange(current.startMicros(), current.endMicros()), current.epochMillis());
            emitted = 0;
        }
        VideoFrame f = reader.next();
        if (f == null) {
            closeReader();
            current = null;
            context.sendSplitRequest();
            return InputStatus.MORE_AVAILABLE;
        }
        if (emitted++ < current.framesEmitted()) {
            return InputStatus.MORE_AVAILABLE;
        }
        Frame frame = FrameRecords.toFrame(current.file(), current.cameraId(), f.index(), f.captureTimestampMillis(),
                encoder.encode(f.image()), System.currentTimeMillis());
        output.collect(frame, f.index());
        return InputStatus.MORE_AVAILABLE;
    }

    @Override
    public List<VideoFileSplit> snapshotState(long checkpointId) {
        List<VideoFileSplit> state = new ArrayList<>();
        if (current != null) {
            state.add(current.emitted(emitted));
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
