package io.vidprop.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.vidprop.image.RgbImage;
import io.vidprop.model.ImageBatch;
import io.vidprop.model.ImagePreprocessor;
import io.vidprop.model.ModelConfig;
import io.vidprop.model.ProposalModel;
import io.vidprop.rpn.AnchorGenerator;
import io.vidprop.rpn.BoxCoder;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Trains the built-in network: anchors labelled by {@link AnchorLabeler}, 256 sampled per image (at most half
 * positive), {@link RpnLoss}, Adam with a linear warm-up then cosine decay. Checkpoints (weights, configuration,
 * step and loss history) are written to the output directory and training resumes from them; a loss-curve PNG is
 * written at the end. Deterministic for a given seed and data.
 */
public final class RpnTrainer {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    public static final String CHECKPOINT = "checkpoint.json";

    private final Builder b;

    private RpnTrainer(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What a finished (or resumed and finished) training run reports. */
    public record Result(Path modelDir, int steps, float finalLoss, float[] losses) {}

    /** Where the weights of a fine-tuning run come from: a model directory, the shipped model. */
    @FunctionalInterface
    public interface ModelSource {
        ProposalModel open(Device device) throws IOException;
    }

    /** Persisted between runs so training can resume. */
    static final class Checkpoint {
        int step;
        long seed;
        int steps;
        List<Float> losses = new ArrayList<>();
    }

    public Result train() throws IOException {
        Files.createDirectories(b.outputDir);
        Checkpoint state = readCheckpoint();
        ProposalModel start = state.step > 0 ? ProposalModel.load(b.outputDir, b.device)
                : b.startFrom != null ? b.startFrom.open(b.device)
                : ProposalModel.initialise(b.config, b.device);
        ModelConfig config = start.config();
        if (b.modelId != null) {
            config = config.copy();
            config.modelId = b.modelId;
        }
        if (!config.network.type.equals("builtin")) {
            start.close();
            throw new IllegalArgumentException("only the built-in network can be trained; " + config.network.type
                    + " models are trained where they were made");
        }
        if (state.step > 0) {
            b.progress.printf("resuming %s from step %d of %d%n", b.outputDir, state.step, b.steps);
        }
        state.seed = b.seed;
        state.steps = b.steps;
        AnchorGenerator anchors = config.anchorGenerator();
        ImagePreprocessor preprocessor = new ImagePreprocessor(config.input);
        BoxCoder coder = config.boxCoder();
        AnchorLabeler labeler = AnchorLabeler.rpnDefault();
        int[] strides = config.levels.stream().mapToInt(l -> l.stride).toArray();
        int offset = state.step;
        Tracker base = Tracker.warmUp()
                .optWarmUpBeginValue(b.learningRate / 100)
                .optWarmUpSteps(Math.min(b.warmupSteps, Math.max(1, b.steps - 1)))
                .setMainTracker(Tracker.cosine().setBaseValue(b.learningRate).optFinalValue(b.learningRate / 100)
                        .setMaxUpdates(b.steps).build())
                .build();
        Tracker schedule = update -> base.getNewValue(update + offset);
        Optimizer optimizer = Optimizer.adam().optLearningRateTracker(schedule).optWeightDecays(b.weightDecay)
                .optClipGrad(10f).build();
        Model model = start.djlModel();
        // Loaded weights come back without autograd: training needs it on every trainable parameter.
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
        DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(new RpnLoss())
                .optOptimizer(optimizer)
                .optDevices(new Device[] {b.device});
        ProgressBar bar = new ProgressBar(b.progress, "train", b.steps - state.step);
        try (Trainer trainer = model.newTrainer(trainingConfig)) {
            float smoothed = state.losses.isEmpty() ? Float.NaN : state.losses.get(state.losses.size() - 1);
            for (int step = state.step; step < b.steps; step++) {
                Random random = new Random(b.seed * 1_000_003L + step);
                List<LabeledImage> examples = new ArrayList<>(b.batchSize);
                for (int i = 0; i < b.batchSize; i++) {
                    examples.add(b.data.apply(step * b.batchSize + i));
                }
                float loss;
                try (NDManager manager = trainer.getManager().newSubManager()) {
                    Batch batch = batch(examples, preprocessor, anchors, labeler, coder, strides, random, manager);
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDList predictions = trainer.forward(new NDList(batch.images));
                        NDArray total = trainer.getLoss().evaluate(batch.labels, predictions);
                        collector.backward(total);
                        loss = total.getFloat();
                    }
                    trainer.step();
                }
                if (!Float.isFinite(loss)) {
                    throw new IllegalStateException("training diverged at step " + step + ": loss is " + loss
                            + "; lower the learning rate (now " + b.learningRate + ")");
                }
                state.losses.add(loss);
                smoothed = Float.isNaN(smoothed) ? loss : 0.95f * smoothed + 0.05f * loss;
                state.step = step + 1;
                bar.update(step + 1 - offset, String.format("loss %.4f", smoothed));
                if (state.step % b.checkpointEvery == 0 || state.step == b.steps) {
                    writeCheckpoint(start, config, state);
                }
            }
        }
        float[] losses = new float[state.losses.size()];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = state.losses.get(i);
        }
        writeLossCurve(losses, b.outputDir.resolve("loss.png"));
        start.close();
        return new Result(b.outputDir, state.step, losses.length == 0 ? Float.NaN : losses[losses.length - 1], losses);
    }

    private record Batch(NDArray images, NDList labels) {}

    /** Preprocesses the images and labels/samples their anchors into the loss's label arrays. */
    static Batch batch(List<LabeledImage> examples, ImagePreprocessor preprocessor, AnchorGenerator anchors,
            AnchorLabeler labeler, BoxCoder coder, int[] strides, Random random, NDManager manager) {
        List<RgbImage> images = new ArrayList<>(examples.size());
        for (LabeledImage e : examples) {
            images.add(e.image());
        }
        ImageBatch prepared = preprocessor.prepare(images);
        float[] grid = allLevelAnchors(anchors, strides, prepared.tensorHeight(), prepared.tensorWidth());
        int perImage = grid.length / 4;
        List<Integer> sampled = new ArrayList<>();
        List<Float> sampledLabels = new ArrayList<>();
        List<Integer> positives = new ArrayList<>();
        List<Float> targets = new ArrayList<>();
        float[] target = new float[4];
        for (int i = 0; i < examples.size(); i++) {
            float[] gt = scaled(examples.get(i).boxes(), prepared, i);
            AnchorLabeler.Labels labels = labeler.label(grid, gt);
            AnchorLabeler.Sample sample = AnchorLabeler.sample(labels.label(), 256, 0.5, random);
            for (int p : sample.positives()) {
                sampled.add(i * perImage + p);
                sampledLabels.add(1f);
                positives.add(i * perImage + p);
                coder.encode(gt, 4 * labels.matchedBox()[p], grid, 4 * p, target, 0);
                for (float t : target) {
                    targets.add(t);
                }
            }
            for (int q : sample.negatives()) {
                sampled.add(i * perImage + q);
                sampledLabels.add(0f);
            }
        }
        NDArray x = manager.create(prepared.data(),
                new Shape(prepared.count(), 3, prepared.tensorHeight(), prepared.tensorWidth()));
        NDList labels = new NDList(
                manager.create(toLongs(sampled)),
                manager.create(toFloats(sampledLabels)),
                manager.create(toLongs(positives)),
                manager.create(toFloats(targets), new Shape(positives.size(), 4)));
        return new Batch(x, labels);
    }

    /** Every level's anchors, one level after another (the network's grids: tensor size / stride). */
    static float[] allLevelAnchors(AnchorGenerator anchors, int[] strides, int height, int width) {
        float[][] levels = new float[strides.length][];
        int total = 0;
        for (int l = 0; l < strides.length; l++) {
            levels[l] = anchors.anchors(l, height, width, height / strides[l], width / strides[l]);
            total += levels[l].length;
        }
        float[] all = new float[total];
        int o = 0;
        for (float[] level : levels) {
            System.arraycopy(level, 0, all, o, level.length);
            o += level.length;
        }
        return all;
    }

    /** Ground-truth boxes in the resized image's pixels. */
    private static float[] scaled(float[] boxes, ImageBatch batch, int i) {
        float sx = (float) batch.resizedWidths()[i] / batch.originalWidths()[i];
        float sy = (float) batch.resizedHeights()[i] / batch.originalHeights()[i];
        float[] out = new float[boxes.length];
        for (int k = 0; k < boxes.length; k += 4) {
            out[k] = boxes[k] * sx;
            out[k + 1] = boxes[k + 1] * sy;
            out[k + 2] = boxes[k + 2] * sx;
            out[k + 3] = boxes[k + 3] * sy;
        }
        return out;
    }

    private static long[] toLongs(List<Integer> values) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static float[] toFloats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private Checkpoint readCheckpoint() throws IOException {
        Path file = b.outputDir.resolve(CHECKPOINT);
        if (!b.resume || !Files.exists(file)) {
            return new Checkpoint();
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Checkpoint c = GSON.fromJson(r, Checkpoint.class);
            if (c.seed != b.seed) {
                throw new IllegalArgumentException(file + " was written by a run with seed " + c.seed
                        + "; resume with the same seed (--seed " + c.seed + ") or choose a new output directory");
            }
            return c;
        }
    }

    /** Weights, configuration and state, each written to a temporary file then moved, so a crash never leaves half a checkpoint. */
    private void writeCheckpoint(ProposalModel model, ModelConfig config, Checkpoint state) throws IOException {
        ModelConfig out = config.copy();
        JsonObject metadata = b.metadata == null ? new JsonObject() : b.metadata.deepCopy();
        metadata.addProperty("steps", state.step);
        out.metadata = metadata;
        Path params = b.outputDir.resolve(out.network.file);
        Path tmp = params.resolveSibling(params.getFileName() + ".tmp");
        try (DataOutputStream dos = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            model.djlModel().getBlock().saveParameters(dos);
        }
        Files.move(tmp, params, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path json = b.outputDir.resolve("model.json.tmp");
        out.write(json);
        Files.move(json, b.outputDir.resolve("model.json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Path ck = b.outputDir.resolve(CHECKPOINT + ".tmp");
        try (Writer w = Files.newBufferedWriter(ck, StandardCharsets.UTF_8)) {
            GSON.toJson(state, w);
        }
        Files.move(ck, b.outputDir.resolve(CHECKPOINT), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
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

    /** Training settings, validated at {@link #build()}. */
    public static final class Builder {
        private ModelConfig config;
        private IntFunction<LabeledImage> data;
        private Path outputDir;
        private Device device = Device.cpu();
        private int steps = 3000;
        private int batchSize = 8;
        private float learningRate = 2e-3f;
        private float weightDecay = 1e-4f;
        private int warmupSteps = 200;
        private long seed = 1;
        private int checkpointEvery = 250;
        private boolean resume = true;
        private PrintStream progress = System.out;
        private JsonObject metadata;
        private ModelSource startFrom;
        private String modelId;

        private Builder() {}

        /**
         * Fine-tune: start from this model's weights and architecture instead of freshly initialised ones (the
         * configuration is then the model's own). A checkpoint in the output directory still wins, so an interrupted
         * fine-tuning run resumes.
         */
        public Builder startFrom(ModelSource source) {
            this.startFrom = source;
            return this;
        }

        /** The model id written to model.json (default: the configuration's or the starting model's). */
        public Builder modelId(String modelId) {
            this.modelId = modelId;
            return this;
        }

        public Builder config(ModelConfig config) {
            this.config = config;
            return this;
        }

        /** Example i of an endless, deterministic stream of labelled images. */
        public Builder data(IntFunction<LabeledImage> data) {
            this.data = data;
            return this;
        }

        public Builder outputDir(Path dir) {
            this.outputDir = dir;
            return this;
        }

        public Builder device(Device device) {
            this.device = device;
            return this;
        }

        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder learningRate(float lr) {
            this.learningRate = lr;
            return this;
        }

        public Builder weightDecay(float wd) {
            this.weightDecay = wd;
            return this;
        }

        public Builder warmupSteps(int steps) {
            this.warmupSteps = steps;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder checkpointEvery(int steps) {
            this.checkpointEvery = steps;
            return this;
        }

        /** Continue from the checkpoint in the output directory if there is one (default true). */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        public Builder progress(PrintStream out) {
            this.progress = out;
            return this;
        }

        /** Provenance stored in the model's metadata (command, data, seed). */
        public Builder metadata(JsonObject metadata) {
            this.metadata = metadata;
            return this;
        }

        public RpnTrainer build() {
            if ((config == null && startFrom == null) || data == null || outputDir == null) {
                throw new IllegalArgumentException("training needs a model configuration or a model to start from, "
                        + "data and an output directory");
            }
            if (config != null && startFrom != null) {
                throw new IllegalArgumentException("give a configuration to train from scratch or a model to "
                        + "fine-tune, not both");
            }
            if (config != null) {
                if (!config.network.type.equals("builtin")) {
                    throw new IllegalArgumentException("only the built-in network can be trained; "
                            + config.network.type + " models are trained where they were made");
                }
                config.validate("training configuration");
            }
            if (modelId != null && modelId.isBlank()) {
                throw new IllegalArgumentException("a model id must not be blank");
            }
            if (steps <= 0 || batchSize <= 0 || checkpointEvery <= 0) {
                throw new IllegalArgumentException("steps, batch size and checkpoint interval must be positive");
            }
            if (!(learningRate > 0) || !(weightDecay >= 0)) {
                throw new IllegalArgumentException("learning rate must be positive and weight decay non-negative");
            }
            Engine.getEngine("PyTorch").setRandomSeed((int) seed);
            return new RpnTrainer(this);
        }
    }
}
