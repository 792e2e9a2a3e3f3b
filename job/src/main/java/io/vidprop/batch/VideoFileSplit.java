package io.vidprop.batch;

import io.vidprop.video.FrameNumbering;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * A time range of one video file, read as one camera's frames: the file (a path or URI), its camera, the
 * presentation-time range, the capture time of presentation time zero, how frames are numbered (so that a range in the
 * middle of the file gives its frames the file's own numbers), the frames the range is expected to hold (for
 * progress), and how many of them were already read (after a failover, those are skipped). A split whose file could
 * not be read at all carries the problem instead, and becomes one dead letter.
 *
 * @param archiveFrames frames expected in the whole archive (every split carries it, for progress)
 * @param archiveSplits splits in the whole archive
 */
public record VideoFileSplit(String file, String cameraId, long startMicros, long endMicros, long epochMillis,
        FrameNumbering numbering, long expectedFrames, long archiveFrames, int archiveSplits, String problem,
        long framesRead) implements SourceSplit, java.io.Serializable {

    @Override
    public String splitId() {
        return cameraId + "@" + startMicros;
    }

    VideoFileSplit read(long frames) {
        return new VideoFileSplit(file, cameraId, startMicros, endMicros, epochMillis, numbering, expectedFrames,
                archiveFrames, archiveSplits, problem, frames);
    }

    VideoFileSplit inArchive(long frames, int splits) {
        return new VideoFileSplit(file, cameraId, startMicros, endMicros, epochMillis, numbering, expectedFrames,
                frames, splits, problem, framesRead);
    }
}
