package io.vidprop.cli;

import ai.djl.Device;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.vidprop.eval.RecallEvaluator;
import io.vidprop.footage.FootageMix;
import io.vidprop.footage.FootageRecall;
import io.vidprop.footage.LabelledFrames;
import io.vidprop.image.RgbImage;
import io.vidprop.labels.CocoLabelsWriter;
import io.vidprop.labels.FrameLabels;
import io.vidprop.model.ProposalModel;
import io.vidprop.motion.MotionMiner;
import io.vidprop.motion.MotionSettings;
import io.vidprop.rpn.Proposals;
import io.vidprop.synth.SyntheticDataset;
import io.vidprop.synth.SyntheticFrame;
import io.vidprop.train.LabeledImage;
import io.vidprop.train.ProgressBar;
import io.vidprop.train.RpnTrainer;
import io.vidprop.video.VideoFileReader;
import io.vidprop.video.VideoRange;
import io.vidprop.video.VideoSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vidprop adapt}: fine-tunes a model on a fixed camera's own footage, labelled by what moves in it. */
@Command(name = "adapt", mixinStandardHelpOptions = true,
        description = {"Adapts a proposal model to a fixed camera: mines boxes of moving objects from the camera's "
                + "footage (background model, morphology, size limits, tracking), fine-tunes the model on the "
                + "first 80%% of each file mixed with synthetic scenes, and compares the model before and after on "
                + "the last 20%% (never trained on) against the same mined boxes.",
                "Writes a model directory (model.json with the footage and settings in its metadata, model.params, "
                        + "loss.png, adapt-report.md)."})
final class AdaptCommand implements Callable<Integer> {
    static final String REPORT = "adapt-report.md";

    @Spec
    CommandSpec spec;

    @Option(names = "--video", arity = "1..*", required = true, paramLabel = "FILE",
            description = "Footage of one fixed camera (one or more files, anything FFmpeg reads).")
    List<Path> videos;

    @Option(names = "--start", paramLabel = "S", description = "Seconds into each file to start (default: 0).")
    Double start;

    @Option(names = "--end", paramLabel = "S", description = "Seconds into each file to stop (default: its end).")
    Double end;

    @Option(names = "--model", paramLabel = "DIR",
            description = "The model to adapt: a directory of a built-in model (default: the shipped one).")
    Path model;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the adapted model (required unless "
            + "--labels-only).")
    Path out;

    @Option(names = "--labels-only", description = "Only mine the footage and write --export-labels; no training.")
    boolean labelsOnly;

    @Option(names = "--export-labels", paramLabel = "FILE",
            description = "Also write the mined boxes as COCO JSON (one file per video: FILE's name gets the "
                    + "video's name appended when there are several), to correct in a labelling tool and train on "
                    + "with 'vidprop train --video --labels'.")
    Path exportLabels;

    @Option(names = "--steps", defaultValue = "300", description = "Fine-tuning steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Mixin
    TrainingStepOptions step;

    @Option(names = "--lr", defaultValue = "0.0005",
            description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--footage-fraction", defaultValue = "0.5",
            description = "Share of each batch from the footage, the rest synthetic (default: ${DEFAULT-VALUE}).")
    double footageFraction;

    @Option(names = "--holdout", defaultValue = "0.2",
            description = "The last share of each file, by time, kept out of training for the before/after table "
                    + "(default: ${DEFAULT-VALUE}).")
    double holdout;

    @Option(names = "--history", defaultValue = "300",
            description = "Frames the background model remembers (default: ${DEFAULT-VALUE}).")
    int history;

    @Option(names = "--warmup-frames", defaultValue = "30",
            description = "First frames of each file that only teach the background model (default: "
                    + "${DEFAULT-VALUE}).")
    int warmupFrames;

    @Option(names = "--min-track-frames", defaultValue = "5",
            description = "Frames a moving object must be tracked over to count (default: ${DEFAULT-VALUE}).")
    int minTrackFrames;

    @Option(names = "--synthetic-check", defaultValue = "200",
            description = "Synthetic test frames to measure forgetting on, before and after (0: skip; default: "
                    + "${DEFAULT-VALUE}).")
    int syntheticCheck;

    @Option(names = "--seed", defaultValue = "" + RpnTrainer.DEFAULT_SEED, description = "Training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    DeviceOption device;

    @Mixin
    SyntheticDataOptions data;

    /** One file's mined boxes, split by time. */
    private record Footage(Path video, MotionMiner.Mined mined, FrameLabels train, FrameLabels heldOut) {}

    @Override
    public Integer call() throws Exception {
        if (!(holdout > 0 && holdout < 1)) {
            throw new IllegalArgumentException("--holdout must be between 0 and 1, got " + holdout);
        }
        if (labelsOnly ? exportLabels == null : out == null) {
            throw new IllegalArgumentException(labelsOnly ? "--labels-only needs --export-labels FILE"
                    : "--out DIR is required: where to write the adapted model");
        }
        Device dev = device.device();
        VideoRange range = VideoRange.ofSeconds(start, end);
        MotionSettings settings = MotionSettings.builder().history(history).warmupFrames(warmupFrames)
                .minTrackFrames(minTrackFrames).build();
        PrintWriter console = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        List<Footage> footage = new ArrayList<>();
        for (VideoSource source : VideoSource.of(videos, List.of())) {
            footage.add(mine(source.file(), range, settings, console));
        }
        long mineNanos = System.nanoTime() - t0;
        if (exportLabels != null) {
            for (Footage f : footage) {
                Path file = footage.size() == 1 ? exportLabels : exportLabels.resolveSibling(
                        VideoSource.stem(exportLabels) + "-" + VideoSource.stem(f.video()) + ".json");
                CocoLabelsWriter.write(f.mined().labels(), f.video().getFileName().toString(), file);
                console.printf("mined labels of %s written to %s%n", f.video(), file);
            }
        }
        if (labelsOnly) {
            return 0;
        }
        List<LabeledImage> trainFrames = new ArrayList<>();
        for (Footage f : footage) {
            trainFrames.addAll(LabelledFrames.load(f.video(), f.train()));
        }
        if (trainFrames.isEmpty()) {
            throw new IllegalArgumentException("no moving objects were found in the first " + Math.round(
                    100 * (1 - holdout)) + "% of the footage: nothing to adapt to (is the camera fixed, and does "
                    + "anything move?)");
        }
        Files.createDirectories(out);
        Evaluation before = evaluate(model, dev, footage, "before");
        SyntheticDataset dataset = data.dataset();
        FootageMix examples = new FootageMix(trainFrames, i -> dataset.frame(SyntheticDataset.Split.TRAIN, i)
                .labeled(), step.batchSize, FootageMix.realPerBatch(footageFraction, step.batchSize), seed);
        console.printf("fine-tuning on %d frames with moving objects (%d boxes), %d of every %d images, %d steps%n",
                trainFrames.size(), boxes(trainFrames), FootageMix.realPerBatch(footageFraction, step.batchSize),
                step.batchSize, steps);
        long t1 = System.nanoTime();
        RpnTrainer.Result result = RpnTrainer.builder()
                .startFrom(model == null ? ProposalModel::loadDefault : d -> ProposalModel.load(model, d))
                .modelId(VidpropModelIds.fineTuned(out))
                .data(examples)
                .outputDir(out)
                .device(dev)
                .steps(steps)
                .batchSize(step.batchSize)
                .learningRate(learningRate)
                .warmupSteps(Math.min(50, steps / 10))
                .seed(seed)
                .checkpointEvery(Math.max(1, Math.min(250, steps)))
                .metadata(metadata(footage, settings, trainFrames.size()))
                .progress(System.out)
                .build()
                .train();
        long trainNanos = System.nanoTime() - t1;
        Evaluation after = evaluate(out, dev, footage, "after");
        String report = report(footage, before, after, result, mineNanos, trainNanos, trainFrames.size());
        Files.writeString(out.resolve(REPORT), report, StandardCharsets.UTF_8);
        console.print(report);
        console.printf("adapted model in %s (run it with --model %s); loss curve %s%n", out, out,
                out.resolve("loss.png"));
        return 0;
    }

    private Footage mine(Path video, VideoRange range, MotionSettings settings, PrintWriter console)
            throws IOException {
        long expected;
        try (VideoFileReader r = VideoFileReader.open(video, VideoRange.ALL, 0L)) {
            expected = r.declaredFrames() > 0 ? r.declaredFrames() : 1;
            if (!range.isAll() && r.frameRate() > 0) {
                long from = Math.round(range.startMicros() / 1e6 * r.frameRate());
                long to = range.endMicros() == Long.MAX_VALUE ? expected
                        : Math.round(range.endMicros() / 1e6 * r.frameRate());
                expected = Math.max(1, Math.min(expected, to) - from);
            }
        }
        ProgressBar bar = new ProgressBar(System.out, "mine", expected);
        MotionMiner.Mined mined = MotionMiner.mine(video, range, settings, done -> bar.update(done, ""));
        if (mined.frames() < expected) {
            bar.update(expected, "");
        }
        long cut = mined.tailStart(holdout);
        FrameLabels labels = mined.labels();
        FrameLabels train = withBoxes(labels.range(0, cut - 1));
        FrameLabels heldOut = labels.range(cut, Long.MAX_VALUE);
        console.printf("%s: %d frames read (%d warm-up, %d unstable), %d tracks, %d kept: %d boxes on %d frames; "
                + "frames %d on held out%n", video, mined.frames(), mined.warmupFrames(), mined.unstableFrames(),
                mined.tracks(), mined.keptTracks(), labels.boxCount(), labels.frameCount(), cut);
        return new Footage(video, mined, train, heldOut);
    }

    /** Only the frames with at least one box: a frame without moving objects may still show objects at rest. */
    private static FrameLabels withBoxes(FrameLabels labels) {
        FrameLabels.Builder b = FrameLabels.builder().frameSize(labels.width(), labels.height());
        for (Map.Entry<Long, float[]> e : labels.byFrame().entrySet()) {
            float[] x = e.getValue();
            for (int i = 0; i < x.length; i += 4) {
                b.box(e.getKey(), x[i], x[i + 1], x[i + 2], x[i + 3]);
            }
        }
        return b.build();
    }

    private static int boxes(List<LabeledImage> frames) {
        int n = 0;
        for (LabeledImage f : frames) {
            n += f.boxCount();
        }
        return n;
    }

    /** Recall on the held-out tails and, optionally, on synthetic test frames. */
    private record Evaluation(RecallEvaluator footage, RecallEvaluator synthetic) {}

    private Evaluation evaluate(Path modelPath, Device dev, List<Footage> footage, String label) throws IOException {
        RecallEvaluator all = new RecallEvaluator();
        RecallEvaluator synthetic = new RecallEvaluator();
        try (ProposalModel m = modelPath == null ? ProposalModel.loadDefault(dev) : ProposalModel.load(modelPath,
                dev)) {
            int total = 0;
            for (Footage f : footage) {
                total += f.heldOut().frameCount();
            }
            ProgressBar bar = new ProgressBar(System.out, "held-out " + label, Math.max(1, total));
            int done = 0;
            for (Footage f : footage) {
                if (f.heldOut().frameCount() == 0) {
                    continue;
                }
                int offset = done;
                FootageRecall r = FootageRecall.measure(m, f.video(), f.heldOut(), step.batchSize,
                        n -> bar.update(offset + n, ""));
                all.addAll(r.recall());
                done += f.heldOut().frameCount();
            }
            SyntheticDataset dataset = data.dataset();
            for (int s = 0; s < syntheticCheck; s += step.batchSize) {
                int n = Math.min(step.batchSize, syntheticCheck - s);
                List<SyntheticFrame> frames = new ArrayList<>(n);
                List<RgbImage> images = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    SyntheticFrame frame = dataset.frame(SyntheticDataset.Split.TEST, s + i);
                    frames.add(frame);
                    images.add(frame.image());
                }
                List<Proposals> proposals = m.propose(images);
                for (int i = 0; i < n; i++) {
                    synthetic.add(proposals.get(i), frames.get(i).boxes());
                }
            }
        }
        return new Evaluation(all, synthetic);
    }

    private JsonObject metadata(List<Footage> footage, MotionSettings settings, int trainFrames) {
        JsonObject m = new JsonObject();
        m.addProperty("trainedBy", "vidprop " + String.join(" ", spec.commandLine().getParseResult()
                .originalArgs()));
        m.addProperty("adaptedFrom", model == null ? "the shipped default model"
                : model.toAbsolutePath().toString());
        JsonArray files = new JsonArray();
        for (Footage f : footage) {
            JsonObject o = new JsonObject();
            o.addProperty("video", f.video().toAbsolutePath().toString());
            o.addProperty("framesRead", f.mined().frames());
            o.addProperty("firstFrame", f.mined().firstFrame());
            o.addProperty("heldOutFromFrame", f.mined().tailStart(holdout));
            o.addProperty("trainFramesWithBoxes", f.train().frameCount());
            o.addProperty("minedBoxes", f.mined().labels().boxCount());
            files.add(o);
        }
        m.add("footage", files);
        if (start != null || end != null) {
            m.addProperty("startSeconds", start == null ? 0 : start);
            if (end != null) {
                m.addProperty("endSeconds", end);
            }
        }
        m.add("motion", new Gson().toJsonTree(settings));
        m.addProperty("footageFraction", footageFraction);
        m.addProperty("holdout", holdout);
        m.addProperty("trainFrames", trainFrames);
        m.addProperty("seed", seed);
        m.addProperty("batchSize", step.batchSize);
        m.addProperty("learningRate", learningRate);
        JsonObject dataInfo = new JsonObject();
        dataInfo.addProperty("generator", "io.vidprop.synth.SyntheticDataset (split TRAIN)");
        dataInfo.addProperty("dataSeed", data.dataSeed);
        dataInfo.add("scene", new Gson().toJsonTree(data.scene()));
        m.add("data", dataInfo);
        return m;
    }

    private String report(List<Footage> footage, Evaluation before, Evaluation after, RpnTrainer.Result result,
            long mineNanos, long trainNanos, int trainFrames) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Adaptation report\n\n");
        long frames = 0;
        for (Footage f : footage) {
            frames += f.mined().frames();
            sb.append(String.format(Locale.ROOT, "- `%s`: %d frames read from frame %d; held out from frame %d%n",
                    f.video(), f.mined().frames(), f.mined().firstFrame(), f.mined().tailStart(holdout)));
        }
        sb.append(String.format(Locale.ROOT, "- %d frames with moving objects trained on, %d steps of %d images "
                + "(%d from the footage), final loss %.4f%n", trainFrames, result.steps(), step.batchSize,
                FootageMix.realPerBatch(footageFraction, step.batchSize), result.finalLoss()));
        sb.append(String.format(Locale.ROOT, "- time: mining %.1f s for %d frames, fine-tuning %.1f s (%s)%n%n",
                mineNanos / 1e9, frames, trainNanos / 1e9, device));
        sb.append(String.format(Locale.ROOT, "Held-out tail (last %.0f%% of each file by time, never trained on), "
                + "against the mined boxes: %d frames, %d boxes%n%n", 100 * holdout, after.footage().images(),
                after.footage().boxes()));
        sb.append(table(before.footage(), after.footage()));
        if (syntheticCheck > 0) {
            sb.append(String.format(Locale.ROOT, "%nSynthetic test split (%d frames, %d boxes): forgetting check%n%n",
                    after.synthetic().images(), after.synthetic().boxes()));
            sb.append(table(before.synthetic(), after.synthetic()));
        }
        return sb.toString();
    }

    private static String table(RecallEvaluator before, RecallEvaluator after) {
        StringBuilder sb = new StringBuilder();
        sb.append("| proposals | recall@0.5 before | after | recall@0.7 before | after | AR before | after |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int k : RecallEvaluator.TOP_K) {
            sb.append(String.format(Locale.ROOT, "| %d | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |%n", k,
                    before.recall(k, 0.5), after.recall(k, 0.5), before.recall(k, 0.7), after.recall(k, 0.7),
                    before.averageRecall(k), after.averageRecall(k)));
        }
        return sb.toString();
    }
}
