package io.vidprop.cli;

import ai.djl.Device;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.vidprop.footage.FootageMix;
import io.vidprop.footage.LabelledFrames;
import io.vidprop.labels.FrameLabels;
import io.vidprop.model.ModelConfig;
import io.vidprop.model.ProposalModel;
import io.vidprop.synth.SyntheticDataset;
import io.vidprop.train.HardNegativePool;
import io.vidprop.train.LabeledImage;
import io.vidprop.train.RpnTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vidprop train}: trains the built-in network on synthetic video, optionally mixed with labelled footage. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains the built-in RPN network on synthetic video scenes, or with --video and --labels "
                + "fine-tunes it on labelled footage mixed with synthetic scenes (start from a trained model with "
                + "--config DIR/model.json).",
                "Writes model.json, model.params, checkpoint.json and loss.png to --out; re-running the same command "
                        + "resumes from the last checkpoint."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "vidprop-model",
            description = "Output directory for the model and checkpoints (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--config", description = "A model.json to start from (default: the built-in architecture).")
    Path config;

    @Option(names = "--steps", defaultValue = "" + RpnTrainer.DEFAULT_STEPS, description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Mixin
    TrainingStepOptions step;

    @Option(names = "--lr", defaultValue = "" + RpnTrainer.DEFAULT_LEARNING_RATE, description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--warmup", defaultValue = "" + RpnTrainer.DEFAULT_WARMUP_STEPS, description = "Warm-up steps (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--hard-negatives", defaultValue = "0", paramLabel = "N",
            description = "Also train on the highest-scoring background anchors of each batch, N per image in it, "
                    + "beside the 256 per image sampled at random: background that ranks above objects (walls, "
                    + "table tops) is rarely in a random sample (default: ${DEFAULT-VALUE}, the random sample only, "
                    + "as torchvision).")
    int hardNegatives;

    @Option(names = "--hard-negative-pool", defaultValue = "all", paramLabel = "POOL",
            converter = HardNegativePoolConverter.class,
            description = "Which background anchors --hard-negatives takes: all; parts (anchors lying at least 70%% "
                    + "inside the box of an object of at least 64x64 px in the network's input, with IoU below 0.3: "
                    + "an animal's eyes, a close person's head; never an unlabelled object of a photographic "
                    + "background); or painted (every background anchor of scenes with a painted background: rooms, "
                    + "tables, car parks from above, classic scenes; none of scenes over a photograph) "
                    + "(default: ${DEFAULT-VALUE}).")
    HardNegativePool hardNegativePool;

    @Option(names = "--seed", defaultValue = "" + RpnTrainer.DEFAULT_SEED, description = "Training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--checkpoint-every", defaultValue = "" + RpnTrainer.DEFAULT_CHECKPOINT_EVERY,
            description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--no-resume", description = "Start over even if --out holds a checkpoint.")
    boolean noResume;

    @Mixin
    DeviceOption device;

    @Mixin
    SyntheticDataOptions data;

    @Mixin
    LabelledVideoOptions footage;

    @Option(names = "--from-model", paramLabel = "DIR|default",
            description = "Fine-tune this model (a model directory, or 'default' for the shipped one) instead of "
                    + "training from fresh weights; with --video the shipped model unless --config is given.")
    String fromModel;

    @Option(names = "--footage-fraction", defaultValue = "0.5",
            description = "With --video: the share of each batch taken from the labelled frames, the rest "
                    + "synthetic (default: ${DEFAULT-VALUE}).")
    double footageFraction;

    @Override
    public Integer call() throws Exception {
        Device dev = device.device();
        if (fromModel != null && config != null) {
            throw new IllegalArgumentException("--config trains a fresh network, --from-model fine-tunes one: give "
                    + "one of them");
        }
        String startModel = fromModel != null ? fromModel : footage.given() && config == null ? "default" : null;
        ModelConfig modelConfig = config == null ? ModelConfig.builtinDefault() : ModelConfig.read(config);
        SyntheticDataset dataset = data.dataset();
        IntFunction<LabeledImage> synthetic = i -> dataset.frame(SyntheticDataset.Split.TRAIN, i).labeled();
        IntFunction<LabeledImage> examples = synthetic;
        JsonObject footageInfo = null;
        if (footage.given()) {
            FrameLabels labels = footage.read();
            List<LabeledImage> frames = LabelledFrames.load(footage.video, labels);
            examples = new FootageMix(frames, synthetic, step.batchSize,
                    FootageMix.realPerBatch(footageFraction, step.batchSize), seed);
            footageInfo = new JsonObject();
            footageInfo.addProperty("video", footage.video.toString());
            footageInfo.addProperty("labels", footage.labels.toString());
            footageInfo.addProperty("frames", labels.frameCount());
            footageInfo.addProperty("boxes", labels.boxCount());
            footageInfo.addProperty("fractionOfEachBatch", footageFraction);
            spec.commandLine().getOut().printf("footage: %d labelled frames (%d boxes) of %s, %d of every %d "
                    + "images%n", labels.frameCount(), labels.boxCount(), footage.video,
                    FootageMix.realPerBatch(footageFraction, step.batchSize), step.batchSize);
        }
        JsonObject metadata = new JsonObject();
        metadata.addProperty("trainedBy", "vidprop " + String.join(" ", spec.commandLine().getParseResult()
                .originalArgs()));
        if (startModel != null) {
            metadata.addProperty("fineTunedFrom", startModel.equals("default") ? "the shipped default model"
                    : Path.of(startModel).toAbsolutePath().toString());
        }
        metadata.addProperty("seed", seed);
        metadata.addProperty("batchSize", step.batchSize);
        metadata.addProperty("learningRate", learningRate);
        JsonObject dataInfo = new JsonObject();
        dataInfo.addProperty("generator", "io.vidprop.synth.SyntheticDataset (split TRAIN)");
        dataInfo.addProperty("dataSeed", data.dataSeed);
        dataInfo.add("scene", new Gson().toJsonTree(data.scene()));
        metadata.add("data", dataInfo);
        if (footageInfo != null) {
            metadata.add("footage", footageInfo);
        }
        JsonObject earlier = earlierRun();
        if (earlier != null && earlier.get("trainedBy").equals(metadata.get("trainedBy"))) {
            // The same command resumed after an interruption: keep what that run continued, if anything.
            earlier = earlier.has("continues") ? earlier.getAsJsonObject("continues") : null;
        }
        if (earlier != null) {
            metadata.add("continues", earlier);
        }
        spec.commandLine().getOut().printf("%s %s on %s for %d steps of %d images -> %s%n",
                startModel == null ? "training" : "fine-tuning", startModel == null ? modelConfig.modelId
                        : startModel, dev, steps, step.batchSize, out);
        RpnTrainer.Builder trainer = RpnTrainer.builder();
        if (startModel == null) {
            trainer.config(modelConfig);
        } else {
            trainer.startFrom(startModel.equals("default") ? ProposalModel::loadDefault
                    : d -> ProposalModel.load(Path.of(startModel), d))
                    .modelId(VidpropModelIds.fineTuned(out));
        }
        RpnTrainer.Result result = trainer
                .data(examples)
                .outputDir(out)
                .device(dev)
                .steps(steps)
                .batchSize(step.batchSize)
                .learningRate(learningRate)
                .warmupSteps(warmup)
                .hardNegatives(hardNegatives)
                .hardNegativePool(hardNegativePool)
                .seed(seed)
                .checkpointEvery(checkpointEvery)
                .resume(!noResume)
                .metadata(metadata)
                .progress(System.out)
                .build()
                .train();
        spec.commandLine().getOut().printf("done: %d steps, final loss %.4f; model in %s, loss curve %s%n",
                result.steps(), result.finalLoss(), out, out.resolve("loss.png"));
        return 0;
    }

    /** The provenance of the run this one resumes, so that a model trained in stages records every command. */
    private JsonObject earlierRun() throws IOException {
        Path model = out.resolve("model.json");
        if (noResume || !Files.isRegularFile(out.resolve(RpnTrainer.CHECKPOINT)) || !Files.isRegularFile(model)) {
            return null;
        }
        JsonObject earlier = ModelConfig.read(model).metadata;
        return earlier == null || !earlier.has("trainedBy") ? null : earlier;
    }

    static final class HardNegativePoolConverter implements ITypeConverter<HardNegativePool> {
        @Override
        public HardNegativePool convert(String value) {
            for (HardNegativePool p : HardNegativePool.values()) {
                if (p.name().equalsIgnoreCase(value)) {
                    return p;
                }
            }
            throw new TypeConversionException("expected all, parts or painted, got '" + value + "'");
        }
    }
}
