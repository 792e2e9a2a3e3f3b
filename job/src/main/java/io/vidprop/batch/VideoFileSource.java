package io.vidprop.batch;

import io.vidprop.kafka.Frame;
import io.vidprop.video.VideoRange;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded source of an archive of video files: listed and cut into time ranges on the cluster
 * ({@link VideoFileEnumerator}), each range read as the frames a replay of the file would publish
 * ({@link VideoFileSourceReader}).
 */
public final class VideoFileSource implements Source<Frame, VideoFileSplit, List<VideoFileSplit>> {
    private static final long serialVersionUID = 1L;

    /**
     * What the source reads and how.
     *
     * @param inputs files, directories and glob patterns, as paths or URIs
     * @param cameras one camera id per input (each a single file), or empty to name cameras after the files
     * @param range the part of each file that is read
     * @param epochMillis capture time of presentation time zero; null: each file's own
     * @param splitSeconds length of the time ranges long files are cut into; 0: one split per file
     * @param every read one frame in this many (by frame number)
     * @param failOnDamaged fail the job at a damaged file rather than report it and go on
     * @param jpegQuality the JPEG quality frames are encoded with, as replay encodes them
     */
    public record Settings(List<String> inputs, List<String> cameras, VideoRange range, Long epochMillis,
            double splitSeconds, int every, boolean failOnDamaged, int jpegQuality) implements java.io.Serializable {
        public Settings {
            inputs = List.copyOf(inputs);
            cameras = List.copyOf(cameras);
        }
    }

    private final Settings settings;

    public VideoFileSource(Settings settings) {
        this.settings = settings;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<Frame, VideoFileSplit> createReader(SourceReaderContext context) {
        return new VideoFileSourceReader(context, settings);
    }

    @Override
    public SplitEnumerator<VideoFileSplit, List<VideoFileSplit>> createEnumerator(
            SplitEnumeratorContext<VideoFileSplit> context) {
        return new VideoFileEnumerator(context, settings);
    }

    @Override
    public SplitEnumerator<VideoFileSplit, List<VideoFileSplit>> restoreEnumerator(
            SplitEnumeratorContext<VideoFileSplit> context, List<VideoFileSplit> checkpoint) {
        return new VideoFileEnumerator(context, settings, checkpoint);
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
