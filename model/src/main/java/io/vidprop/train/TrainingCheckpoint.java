package io.vidprop.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.vidprop.model.ModelConfig;
import io.vidprop.model.ProposalModel;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A training run's checkpoint in its output directory: the weights, model.json and the run's state (step, seed, loss
 * history), read to resume and written atomically; and the loss curve written at the end.
 */
final class TrainingCheckpoint {
    static final String FILE = "checkpoint.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** Persisted between runs so training can resume. */
    static final class State {
        int step;
        long seed;
        int steps;
        List<Float> losses = new ArrayList<>();
    }

    private final Path outputDir;
    private final long seed;
    private final boolean resume;
    private final JsonObject metadata;

    TrainingCheckpoint(Path outputDir, long seed, boolean resume, JsonObject metadata) {
        this.outputDir = outputDir;
        this.seed = seed;
        this.resume = resume;
        this.metadata = metadata;
    }

    /** The state to continue from: the directory's checkpoint when resuming, else a fresh one. */
    State read() throws IOException {
        Path file = outputDir.resolve(FILE);
        if (!resume || !Files.exists(file)) {
            return new State();
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            State c = GSON.fromJson(r, State.class);
            if (c.seed != seed) {
                throw new IllegalArgumentException(file + " was written by a run with seed " + c.seed
                        + "; resume with the same seed (--seed " + c.seed + ") or choose a new output directory");
            }
            return c;
        }
    }

    /** Weights, configuration and state, each written to a temporary file then moved, so a crash never leaves half a checkpoint. */
    void write(ProposalModel model, ModelConfig config, State state) throws IOException {
        ModelConfig out = config.copy();
        JsonObject meta = metadata == null ? new JsonObject() : metadata.deepCopy();
        meta.addProperty("steps", state.step);
        out.metadata = meta;
        Path params = outputDir.resolve(out.network.file);
        Path tmp = params.resolveSibling(params.getFileName() + ".tmp");
        try (DataOutputStream dos = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            model.djlModel().getBlock().saveParameters(dos);
        }
        Files.move(tmp, params, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path json = outputDir.resolve("model.json.tmp");
        out.write(json);
        Files.move(json, outputDir.resolve("model.json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Path ck = outputDir.resolve(FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(ck, StandardCharsets.UTF_8)) {
            GSON.toJson(state, w);
        }
        Files.move(ck, outputDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void writeLossCurve(float[] losses, Path png) throws IOException {
        int n = losses.length;
        double[] x = new double[n];
        double[] raw = new double[n];
        double[] smooth = new double[n];
        double s = n > 0 ? losses[0] : 0;
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
            raw[i] = losses[i];
            s = 0.95 * s + 0.05 * losses[i];
            smooth[i] = s;
        }
        new LineChart("RPN training loss", "step", "loss").add("loss", x, raw).add("smoothed", x, smooth).write(png);
    }
}
