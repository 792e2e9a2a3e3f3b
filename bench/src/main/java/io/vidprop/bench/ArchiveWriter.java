package io.vidprop.bench;

import io.vidprop.demo.VideoWriter;
import io.vidprop.synth.Images;
import io.vidprop.synth.SceneConfig;
import io.vidprop.synth.SyntheticVideo;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a synthetic video archive for {@code bench/run-batch-bench.sh}: {@code files} recordings of {@code seconds}
 * in sub-directories {@code site-K/cam-I.mp4} plus one long recording {@code long.mp4} of {@code longSeconds}.
 * Arguments: OUT_DIR FILES SECONDS LONG_SECONDS FPS WIDTH HEIGHT. Prints the number of frames written.
 */
public final class ArchiveWriter {
    private ArchiveWriter() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int files = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        double longSeconds = Double.parseDouble(args[3]);
        double fps = Double.parseDouble(args[4]);
        int width = Integer.parseInt(args[5]);
        int height = Integer.parseInt(args[6]);
        long frames = 0;
        for (int i = 0; i < files; i++) {
            frames += write(out.resolve("site-" + (i % 3 + 1) + "/cam-" + (i + 1) + ".mp4"), seconds, fps, width,
                    height, i + 1);
        }
        frames += write(out.resolve("long.mp4"), longSeconds, fps, width, height, 1000);
        System.out.println(frames);
    }

    static long write(Path file, double seconds, double fps, int width, int height, long seed) throws Exception {
        Files.createDirectories(file.getParent());
        SyntheticVideo video = new SyntheticVideo(seed, SceneConfig.builder().size(width, height).build());
        long n = Math.round(seconds * fps);
        try (VideoWriter w = new VideoWriter(file, width, height, fps)) {
            for (int i = 0; i < n; i++) {
                w.write(Images.toBufferedImage(video.frame(i).image()));
            }
        }
        return n;
    }
}
