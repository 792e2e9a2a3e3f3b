package io.vidprop.replay;

import ai.djl.Device;
import io.vidprop.demo.VideoWriter;
import io.vidprop.model.ModelConfig;
import io.vidprop.model.ProposalModel;
import io.vidprop.synth.Images;
import io.vidprop.synth.SceneConfig;
import io.vidprop.synth.SyntheticVideo;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
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

    /** A tiny randomly initialised model: fast on CPU, and its proposals still depend on every pixel. */
    static Path randomModel(Path dir) throws Exception {
        ModelConfig c = ModelConfig.builtinDefault();
        c.modelId = "test-random";
        c.network.backboneChannels = new int[] {8, 8, 16, 16};
        c.network.headChannels = 16;
        c.proposals.postNmsTopN = 20;
        try (ProposalModel m = ProposalModel.initialise(c, Device.cpu())) {
            Files.createDirectories(dir);
            c.write(dir.resolve("model.json"));
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(dir.resolve("model.params"))))) {
                m.djlModel().getBlock().saveParameters(out);
            }
        }
        return dir;
    }
}
