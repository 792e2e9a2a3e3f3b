package io.vidprop.batch;

import io.vidprop.kafka.Frame;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** A bounded source of video files, one split per file, emitting frames as a replay of the files would. */
public final class VideoFileSource implements Source<Frame, VideoFileSplit, List<VideoFileSplit>> {
    private static final long serialVersionUID = 1L;
    private final List<VideoFileSplit> splits;
    private final int jpegQuality;

    public VideoFileSource(List<VideoFileSplit> splits, int jpegQuality) {
        this.splits = List.copyOf(splits);
        this.jpegQuality = jpegQuality;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<Frame, VideoFileSplit> createReader(SourceReaderContext context) {
        return new VideoFileSourceReader(context, jpegQuality);
    }

    @Override
    public SplitEnumerator<VideoFileSplit, List<VideoFileSplit>> createEnumerator(
            SplitEnumeratorContext<VideoFileSplit> context) {
        return new VideoFileEnumerator(context, splits);
    }

    @Override
    public SplitEnumerator<VideoFileSplit, List<VideoFileSplit>> restoreEnumerator(
            SplitEnumeratorContext<VideoFileSplit> context, List<VideoFileSplit> checkpoint) {
        return new VideoFileEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<VideoFileSplit> getSplitSerializer() {
        return new VideoFileSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<List<VideoFileSplit>> getEnumeratorCheckpointSerializer() {
        return new PendingSplitsSerializer();
    }
}
