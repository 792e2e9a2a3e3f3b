package io.vidprop.operators;

import ai.djl.Device;
import io.vidprop.model.ModelConfig;
import io.vidprop.model.ProposalModel;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A tiny randomly initialised built-in model, fast on a CPU, whose proposals still depend on every pixel. */
final class TinyModel {
    private TinyModel() {}

    static Path write(Path dir) throws Exception {
        ModelConfig c = ModelConfig.builtinDefault();
        c.modelId = "tiny-test";
        c.network.backboneChannels = new int[] {8, 8, 16, 16};
        c.network.headChannels = 16;
        c.proposals.postNmsTopN = 10;
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
