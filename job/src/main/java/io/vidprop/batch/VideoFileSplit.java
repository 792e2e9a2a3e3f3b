package io.vidprop.batch;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One video file to read as one camera's frames: the file, its camera, the presentation-time range, the capture
 * time of presentation time zero (null: the file's own, see {@link io.vidprop.video.VideoFileReader}), and how many
 * of its frames were already emitted (after a restore, those are skipped).
 */
public record VideoFileSplit(String file, String cameraId, long startMicros, long endMicros, Long epochMillis,
        long framesEmitted) implements SourceSplit, java.io.Serializable {
    @Override
    public String splitId() {
        return cameraId;
    }

    VideoFileSplit emitted(long frames) {
        return new VideoFileSplit(file, cameraId, startMicros, endMicros, epochMillis, frames);
    }
}
