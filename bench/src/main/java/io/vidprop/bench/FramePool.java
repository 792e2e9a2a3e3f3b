package io.vidprop.bench;

import io.vidprop.decode.JpegEncoder;
import io.vidprop.synth.SceneConfig;
import io.vidprop.synth.SyntheticVideo;
import io.vidprop.video.VideoFileReader;
import io.vidprop.video.VideoFrame;
import io.vidprop.video.VideoRange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline benchmark's frames: a pool of distinct 720p JPEG frames per camera, synthetic or read from a video file,
 * and the interleaved lists of them that are published.
 */
final class FramePool {
    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    static final int POOL_PER_CAMERA = 24;
    static final long FIRST_TIMED_SEQUENCE = 1000;

    private FramePool() {}

    static byte[][][] render(int cameras) {
        JpegEncoder encoder = new JpegEncoder(JpegEncoder.DEFAULT_QUALITY);
        SceneConfig scene = SceneConfig.builder().size(WIDTH, HEIGHT).build();
        byte[][][] pool = new byte[cameras][POOL_PER_CAMERA][];
        for (int c = 0; c < cameras; c++) {
            SyntheticVideo video = new SyntheticVideo(2000 + c, scene);
            for (int i = 0; i < POOL_PER_CAMERA; i++) {
                pool[c][i] = encoder.encode(video.frame(i).image());
            }
        }
        return pool;
    }

    /**
     * Consecutive frames of {@code file}, {@link #POOL_PER_CAMERA} a camera (camera c gets the c-th run of them),
     * encoded at replay's default JPEG quality.
     */
    static byte[][][] read(Path file, int cameras) throws IOException {
        JpegEncoder encoder = new JpegEncoder(JpegEncoder.DEFAULT_QUALITY);
        byte[][][] pool = new byte[cameras][POOL_PER_CAMERA][];
        try (VideoFileReader reader = VideoFileReader.open(file, new VideoRange(0, Long.MAX_VALUE), 0L)) {
            for (int c = 0; c < cameras; c++) {
                for (int i = 0; i < POOL_PER_CAMERA; i++) {
                    VideoFrame frame = reader.next();
                    if (frame == null) {
                        throw new IllegalArgumentException(file + " has fewer than " + cameras * POOL_PER_CAMERA
                                + " frames, the pool for " + cameras + " cameras");
                    }
                    pool[c][i] = encoder.encode(frame.image());
                }
            }
        }
        return pool;
    }

    /** {@code frames} frames interleaved over the cameras, as cameras publishing at the same time would be. */
    static List<Published> frameList(byte[][][] pool, int cameras, int frames) {
        List<Published> list = new ArrayList<>(frames);
        for (int i = 0; list.size() < frames; i++) {
            for (int c = 0; c < cameras && list.size() < frames; c++) {
                list.add(new Published("camera-" + (c + 1), FIRST_TIMED_SEQUENCE + i, pool[c][i % POOL_PER_CAMERA]));
            }
        }
        return list;
    }
}
