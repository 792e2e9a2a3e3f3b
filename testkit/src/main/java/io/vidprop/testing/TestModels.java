package io.vidprop.testing;

import ai.djl.Device;
import io.vidprop.model.ModelConfig;
import io.vidprop.model.ProposalModel;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Models for tests of the job: small enough to run fast on a CPU, real enough that proposals depend on every pixel. */
public final class TestModels {
    private TestModels() {}

    /** Writes a tiny randomly initialised built-in model (20 proposals per frame) into {@code dir}. */
    public static Path tinyRandom(Path dir, String modelId) throws Exception {
        ModelConfig c = ModelConfig.builtinDefault();
        c.modelId = modelId;
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
