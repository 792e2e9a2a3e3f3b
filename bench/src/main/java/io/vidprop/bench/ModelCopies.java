package io.vidprop.bench;

import io.vidprop.model.ModelConfig;
import io.vidprop.model.ProposalModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Distinct copies of one model, each in a directory of its own with its own model id ({@code bench-model-N}): what
 * many cameras with models of their own cost, without training any. The weights are the same; the job loads each
 * copy as a model of its own, since cameras' models are told apart by where they are.
 */
final class ModelCopies {
    private ModelCopies() {}

    /** Writes {@code n} copies of the model directory {@code model} (null: the shipped default) under {@code dir}. */
    static List<Path> write(Path dir, String model, int n) throws IOException {
        ModelConfig config;
        byte[] weights;
        if (model == null) {
            try (InputStream in = ProposalModel.class.getResourceAsStream(ProposalModel.DEFAULT_RESOURCE
                    + "model.json")) {
                config = ModelConfig.parse(new InputStreamReader(in, StandardCharsets.UTF_8), "the shipped model");
            }
            try (InputStream in = ProposalModel.class.getResourceAsStream(ProposalModel.DEFAULT_RESOURCE
                    + config.network.file)) {
                weights = in.readAllBytes();
            }
        } else {
            config = ModelConfig.read(Path.of(model).resolve("model.json"));
            weights = Files.readAllBytes(Path.of(model).resolve(config.network.file));
        }
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path d = Files.createDirectories(dir.resolve("model-" + i));
            config.modelId = "bench-model-" + i;
            config.write(d.resolve("model.json"));
            Path w = d.resolve(config.network.file);
            Files.write(w, weights);
            out.add(d);
        }
        return out;
    }

    /** This process's resident set size in MB (VmRSS), or -1 where /proc does not say. */
    static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** Java heap in use after a full collection, in MB. */
    static double heapAfterGcMb() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);
    }
}
