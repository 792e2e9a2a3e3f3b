package io.vidprop.motion;

import io.vidprop.image.RgbImage;
import io.vidprop.labels.FrameLabels;
import io.vidprop.video.VideoFileReader;
import io.vidprop.video.VideoFrame;
import io.vidprop.video.VideoRange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntConsumer;

/**
 * Pseudo ground truth from a fixed camera's own footage: what moves, persists and travels is an object. Runs
 * {@link ForegroundBoxes} over the frames in order and {@link BoxTracks} over their boxes. The first
 * {@code warmupFrames} frames only teach the background model; frames with too much foreground (a lighting change,
 * a shaken camera) are counted and left unlabelled.
 */
public final class MotionMiner implements AutoCloseable {
    private final MotionSettings settings;
    private final ForegroundBoxes foreground;
    private final BoxTracks tracks;
    private long frames;
    private long unstable;
    private long firstFrame = -1;

    public MotionMiner(MotionSettings settings) {
        this.settings = settings;
        this.foreground = new ForegroundBoxes(settings);
        this.tracks = new BoxTracks(settings);
    }

    /** What mining a file gave: its labels and its counts. */
    public record Mined(FrameLabels labels, long firstFrame, long frames, long warmupFrames, long unstableFrames,
            int tracks, int keptTracks) {
        /** The index of the first frame of the last {@code fraction} of the frames read (by time). */
        public long tailStart(double fraction) {
            return firstFrame + Math.round(frames * (1 - fraction));
        }
    }

    /** Mines a video file's range; {@code progress} receives the number of frames read so far. */
    public static Mined mine(Path video, VideoRange range, MotionSettings settings, IntConsumer progress)
            throws IOException {
        try (MotionMiner miner = new MotionMiner(settings);
                VideoFileReader reader = VideoFileReader.open(video, range, 0L)) {
            VideoFrame f;
            while ((f = reader.next()) != null) {
                miner.add(f.index(), f.image());
                progress.accept((int) miner.frames);
            }
            return miner.result();
        }
    }

    /** The next frame of the camera, in order. */
    public void add(long index, RgbImage image) {
        if (frames == 0) {
            tracks.frameSize(image.width(), image.height());
            firstFrame = index;
        }
        ForegroundBoxes.Result r = foreground.next(image);
        boolean warmup = frames < settings.warmupFrames();
        frames++;
        if (r.unstable() && !warmup) {
            unstable++;
        }
        tracks.add(index, r.boxes(), !warmup && !r.unstable());
    }

    public Mined result() {
        return new Mined(tracks.labels(), firstFrame, frames, Math.min(frames, settings.warmupFrames()), unstable,
                tracks.trackCount(), tracks.keptTrackCount());
    }

    @Override
    public void close() {
        foreground.close();
    }
}
