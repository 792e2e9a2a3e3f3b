package io.vidprop.testing;

import ai.djl.Device;
import io.vidprop.model.ModelConfig;
import io.vidprop.model.ProposalModel;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Models for tests: tiny ones, fast on a CPU yet with proposals that depend on every pixel, and the classic one. */
public final class TestModels {
    /** The model id of {@link #classic}. */
    public static final String CLASSIC_ID = "vidprop-rpn-classic";

    private TestModels() {}

    /** Writes a tiny randomly initialised built-in model (20 proposals per frame) into {@code dir}. */
    public static Path tinyRandom(Path dir, String modelId) throws Exception {
        return tinyRandom(dir, modelId, 20);
    }

    /**
     * Writes a tiny built-in model, initialised from the engine's random generator seeded with 1, with
     * {@code proposalsPerFrame} proposals into {@code dir}.
     */
    public static Path tinyRandom(Path dir, String modelId, int proposalsPerFrame) throws Exception {
        ModelConfig c = ModelConfig.builtinDefault();
        c.modelId = modelId;
        c.network.backboneChannels = new int[] {8, 8, 16, 16};
        c.network.headChannels = 16;
        c.proposals.postNmsTopN = proposalsPerFrame;
        // Seeded, so every run of a test sees the same weights (and the same proposals), not a new draw each time.
        ai.djl.engine.Engine.getInstance().setRandomSeed(1);
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

    /**
     * Writes the built-in network trained on classic synthetic scenes only ({@value #CLASSIC_ID}, the default before
     * camera-style training), kept to compare the shipped model against, into {@code dir}.
     */
    public static Path classic(Path dir) throws Exception {
        TestResources.copy("classic-model/model.json", dir.resolve("model.json"));
        TestResources.copy("classic-model/model.params", dir.resolve("model.params"));
        return dir;
    }
}
