package io.vidprop.replay;

import io.vidprop.demo.VideoWriter;
import io.vidprop.synth.Images;
import io.vidprop.synth.SceneConfig;
import io.vidprop.synth.SyntheticVideo;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small real video files and a small random model for the file-based tests. */
final class TestVideos {
    static final int WIDTH = 320;
    static final int HEIGHT = 180;
    static final double FPS = 10;

    private TestVideos() {}

    /** A synthetic scene encoded by FFmpeg (MPEG-4 in the container the name asks for). */
    static Path write(Path file, long seed, int frames) throws Exception {
        SyntheticVideo video = new SyntheticVideo(seed, SceneConfig.builder().size(WIDTH, HEIGHT).build());
        try (VideoWriter w = new VideoWriter(file, WIDTH, HEIGHT, FPS)) {
            for (int i = 0; i < frames; i++) {
                w.write(Images.toBufferedImage(video.frame(i).image()));
            }
        }
        return file;
    }

    /** A copy of the file's first half, as an interrupted download or a full disk leaves it. */
    static Path truncatedCopy(Path file, Path copy) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        try (OutputStream out = Files.newOutputStream(copy)) {
            out.write(bytes, 0, bytes.length / 2);
        }
        return copy;
    }

}
