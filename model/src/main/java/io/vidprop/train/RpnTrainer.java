package io.vidprop.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import io.vidprop.model.ImagePreprocessor;
import io.vidprop.model.ModelConfig;
import io.vidprop.model.ProposalModel;
import io.vidprop.rpn.AnchorGenerator;
import io.vidprop.rpn.BoxCoder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Trains the built-in network: anchors labelled by {@link AnchorLabeler}, 256 sampled per image (at most half
 * positive), {@link RpnLoss}, Adam with a linear warm-up then cosine decay. Checkpoints (weights, configuration,
 * step and loss history) are written to the output directory and training resumes from them; a loss-curve PNG is
 * written at the end. Deterministic for a given seed and data.
 */
public final class RpnTrainer {
    public static final String CHECKPOINT = TrainingCheckpoint.FILE;
    /** The training defaults, here once for the builder and {@code vidprop train}'s options. */
    public static final int DEFAULT_STEPS = 3000;
    /** Images per step. */
    public static final int DEFAULT_BATCH_SIZE = 8;
    public static final float DEFAULT_LEARNING_RATE = 2e-3f;
    public static final int DEFAULT_WARMUP_STEPS = 200;
    public static final long DEFAULT_SEED = 1;
    public static final int DEFAULT_CHECKPOINT_EVERY = 250;

    private final Builder b;
    private final RpnLoss rpnLoss;
    private final TrainingCheckpoint checkpoints;

    private RpnTrainer(Builder b) {
        this.b = b;
        this.checkpoints = new TrainingCheckpoint(b.outputDir, b.seed, b.resume, b.metadata);
        this.rpnLoss = new RpnLoss(b.hardNegatives);
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

    public Result train() throws IOException {
        Files.createDirectories(b.outputDir);
        TrainingCheckpoint.State state = checkpoints.read();
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
        DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(rpnLoss)
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
                    TrainingBatch batch = TrainingBatch.of(examples, preprocessor, anchors, labeler, coder, strides, random,
                            rpnLoss.needsAllNegatives() ? b.hardNegativePool : null, manager);
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDList predictions = trainer.forward(new NDList(batch.images()));
                        NDArray total = trainer.getLoss().evaluate(batch.labels(), predictions);
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
                    checkpoints.write(start, config, state);
                }
            }
        }
        float[] losses = new float[state.losses.size()];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = state.losses.get(i);
        }
        TrainingCheckpoint.writeLossCurve(losses, b.outputDir.resolve("loss.png"));
        start.close();
        return new Result(b.outputDir, state.step, losses.length == 0 ? Float.NaN : losses[losses.length - 1], losses);
    }

    /** Training settings, validated at {@link #build()}. */
    public static final class Builder {
        private ModelConfig config;
        private IntFunction<LabeledImage> data;
        private Path outputDir;
        private Device device = Device.cpu();
        private int steps = DEFAULT_STEPS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private float learningRate = DEFAULT_LEARNING_RATE;
        private float weightDecay = 1e-4f;
        private int warmupSteps = DEFAULT_WARMUP_STEPS;
        private int hardNegatives;
        private HardNegativePool hardNegativePool = HardNegativePool.ALL;
        private long seed = DEFAULT_SEED;
        private int checkpointEvery = DEFAULT_CHECKPOINT_EVERY;
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

        /**
         * Highest-scoring negative anchors added to the objectness loss, this many per image of the batch, taken over
         * the whole batch (0: torchvision's sample only).
         */
        public Builder hardNegatives(int perImage) {
            this.hardNegatives = perImage;
            return this;
        }

        /** Which background anchors the hard negatives are taken from (default: all of them). */
        public Builder hardNegativePool(HardNegativePool pool) {
            this.hardNegativePool = Objects.requireNonNull(pool, "hardNegativePool");
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
