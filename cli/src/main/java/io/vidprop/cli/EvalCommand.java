package io.vidprop.cli;

import io.vidprop.operators.ProposalSettings;
import ai.djl.Device;
import io.vidprop.eval.BoxRanks;
import io.vidprop.eval.RecallEvaluator;
import io.vidprop.footage.FootageRecall;
import io.vidprop.image.RgbImage;
import io.vidprop.labels.FrameLabels;
import io.vidprop.model.ProposalModel;
import io.vidprop.rpn.Proposals;
import io.vidprop.synth.SyntheticDataset;
import io.vidprop.synth.SyntheticFrame;
import io.vidprop.train.ProgressBar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vidprop eval}: proposal recall of a model on a synthetic split or on labelled footage. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Measures proposal recall (IoU 0.5 and 0.7 for the top 10/50/100/300 proposals, "
                + "AR@100 and AR@300 over IoU 0.5:0.95) and proposals per second on a synthetic split, or with "
                + "--video and --labels on the labelled frames of a video.",
                "Prints a table and writes a recall-vs-IoU chart."})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", description = "Model directory, model.json, ONNX .onnx or TorchScript .pt (default: the built-in model).")
    Path model;

    @Option(names = "--split", defaultValue = "test",
            description = "train, validation or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--frames", defaultValue = "400", description = "Frames to evaluate (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--batch-size", defaultValue = "" + ProposalSettings.DEFAULT_BATCH_SIZE,
            description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    DeviceOption device;

    @Option(names = "--out", defaultValue = "vidprop-eval",
            description = "Directory for recall.png (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--box-ranks", paramLabel = "FILE.csv", description = "Also write a CSV line per ground-truth "
            + "box: its frame (the video's frame index, or the split's), the box, its best IoU among the top 10, 50 and "
            + "300 proposals, and the rank of the first proposal at IoU 0.5 (empty: none).")
    Path boxRanks;

    @Option(names = "--tracks", description = "Score the live job's tracker instead of recall: IDF1 and identity "
            + "switches on camera-style synthetic videos whose objects' identities are known.")
    boolean tracks;

    @Option(names = "--track-videos", defaultValue = "4",
            description = "With --tracks: test videos to track (default: ${DEFAULT-VALUE}).")
    int trackVideos;

    @Option(names = "--track-frames", defaultValue = "100",
            description = "With --tracks: frames of each video, in order (default: ${DEFAULT-VALUE}).")
    int trackFrames;

    @Option(names = "--top", description = "With --tracks: the camera's top (default: every proposal).")
    Integer top;

    @Option(names = "--min-score", description = "With --tracks: the camera's min score (default: 0).")
    Float minScore;

    @Mixin
    SyntheticDataOptions data;

    @Mixin
    LabelledVideoOptions footage;

    @Override
    public Integer call() throws Exception {
        if (tracks && boxRanks != null) {
            throw new IllegalArgumentException("--box-ranks goes with proposal recall, not with --tracks");
        }
        if (footage.given()) {
            return evaluateFootage();
        }
        if (tracks) {
            Device dev = device.device();
            try (ProposalModel m = model == null ? ProposalModel.loadDefault(dev) : ProposalModel.load(model, dev)) {
                TrackingEvaluation.run(m, data.dataset(), trackVideos, trackFrames,
                        TrackingEvaluation.camera(top, minScore), spec.commandLine().getOut());
            }
            return 0;
        }
        SyntheticDataset.Split which = SyntheticDataset.Split.valueOf(split.toUpperCase(Locale.ROOT));
        Device dev = device.device();
        SyntheticDataset dataset = data.dataset();
        RecallEvaluator evaluator = boxRanks != null ? RecallEvaluator.withBoxRanks() : new RecallEvaluator();
        long inferenceNanos = 0;
        try (ProposalModel m = model == null ? ProposalModel.loadDefault(dev) : ProposalModel.load(model, dev)) {
            spec.commandLine().getOut().printf("evaluating %s (%s) on %d %s frames%n", m.modelId(), m.source(),
                    frames, which.name().toLowerCase(Locale.ROOT));
            ProgressBar bar = new ProgressBar(System.out, "eval", frames);
            for (int start = 0; start < frames; start += batchSize) {
                int n = Math.min(batchSize, frames - start);
                List<SyntheticFrame> batch = new ArrayList<>(n);
                List<RgbImage> images = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    SyntheticFrame f = dataset.frame(which, start + i);
                    batch.add(f);
                    images.add(f.image());
                }
                long t0 = System.nanoTime();
                List<Proposals> proposals = m.propose(images);
                inferenceNanos += System.nanoTime() - t0;
                for (int i = 0; i < n; i++) {
                    evaluator.add(start + i, proposals.get(i), batch.get(i).boxes());
                }
                bar.update(start + n, "");
            }
        }
        report(evaluator, frames, inferenceNanos);
        writeBoxRanks(evaluator);
        return 0;
    }

    private int evaluateFootage() throws Exception {
        FrameLabels labels = footage.read();
        Device dev = device.device();
        FootageRecall result;
        try (ProposalModel m = model == null ? ProposalModel.loadDefault(dev) : ProposalModel.load(model, dev)) {
            spec.commandLine().getOut().printf("evaluating %s (%s) on %d labelled frames of %s (%d boxes)%n",
                    m.modelId(), m.source(), labels.frameCount(), footage.video, labels.boxCount());
            ProgressBar bar = new ProgressBar(System.out, "eval", labels.frameCount());
            result = FootageRecall.measure(m, footage.video, labels, batchSize, boxRanks != null,
                    done -> bar.update(done, ""));
        }
        report(result.recall(), (int) result.recall().images(), result.inferenceNanos());
        writeBoxRanks(result.recall());
        return 0;
    }

    private void writeBoxRanks(RecallEvaluator evaluator) throws java.io.IOException {
        if (boxRanks == null) {
            return;
        }
        BoxRanks ranks = evaluator.boxRanks();
        ranks.writeCsv(boxRanks);
        spec.commandLine().getOut().printf("box ranks: %s (%d boxes; not found at IoU %.1f in the top 10: %d, 50: %d, "
                + "300: %d)%n", boxRanks, ranks.entries().size(), BoxRanks.FOUND_IOU, ranks.missedWithin(10),
                ranks.missedWithin(50), ranks.missedWithin(300));
    }

    private void report(RecallEvaluator evaluator, int images, long inferenceNanos) throws java.io.IOException {
        Files.createDirectories(out);
        Path png = out.resolve("recall.png");
        evaluator.writeRecallCurve(png);
        spec.commandLine().getOut().print(evaluator.table());
        spec.commandLine().getOut().printf("%nAR@100 %.4f  AR@300 %.4f  recall@300 IoU 0.7 %.4f%n",
                evaluator.averageRecall(100), evaluator.averageRecall(300), evaluator.recall(300, 0.7));
        spec.commandLine().getOut().printf("%.1f images/s (model incl. pre- and post-processing, batch %d)%n",
                images / (inferenceNanos / 1e9), batchSize);
        spec.commandLine().getOut().println("recall curve: " + png);
    }
}
