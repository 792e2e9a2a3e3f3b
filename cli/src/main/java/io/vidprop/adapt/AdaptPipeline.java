package io.vidprop.adapt;

import ai.djl.Device;
import io.vidprop.cli.VidpropModelIds;
import io.vidprop.eval.RecallEvaluator;
import io.vidprop.footage.FootageMix;
import io.vidprop.footage.FootageRecall;
import io.vidprop.footage.LabelledFrames;
import io.vidprop.image.RgbImage;
import io.vidprop.labels.CocoLabelsWriter;
import io.vidprop.labels.FrameLabels;
import io.vidprop.model.ProposalModel;
import io.vidprop.motion.MotionMiner;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adapts a model to some footage: mines boxes of moving objects from it, fine-tunes the model on the first part of
 * each input mixed with synthetic scenes, and compares the model before and after on the held-out rest.
 */
public final class AdaptPipeline {
    /** One input's mined boxes, split by time. */
    record Footage(AdaptInput input, MotionMiner.Mined mined, FrameLabels train, FrameLabels heldOut) {
        Path video() {
            return input.video();
        }
    }

    /** Recall on the held-out tails, all together and per input, and, optionally, on synthetic test frames. */
    record Evaluation(RecallEvaluator footage, Map<String, RecallEvaluator> perInput, RecallEvaluator synthetic) {}

    private final AdaptSettings settings;
    private final AdaptReport report;
    private final PrintWriter console;

    public AdaptPipeline(AdaptSettings settings, PrintWriter console) {
        this.settings = settings;
        this.report = new AdaptReport(settings);
        this.console = console;
    }

    /** Mines the inputs, then (unless labels only) fine-tunes and writes the model and its report to target. */
    public void adapt(List<AdaptInput> inputs, ModelOutput target, Path labelsFile) throws Exception {
        Device dev = settings.device();
        VideoRange range = VideoRange.ofSeconds(settings.start(), settings.end());
        long t0 = System.nanoTime();
        List<Footage> footage = new ArrayList<>();
        for (AdaptInput input : inputs) {
            footage.add(mine(input, range));
        }
        long mineNanos = System.nanoTime() - t0;
        if (labelsFile != null) {
            for (Footage f : footage) {
                Path file = footage.size() == 1 ? labelsFile : labelsFile.resolveSibling(
                        VideoSource.stem(labelsFile) + "-" + f.input().labelsName() + ".json");
                CocoLabelsWriter.write(f.mined().labels(), f.video().getFileName().toString(), file);
                console.printf("mined labels of %s written to %s%n", f.input().name(), file);
            }
        }
        if (settings.labelsOnly()) {
            return;
        }
        List<LabeledImage> trainFrames = new ArrayList<>();
        for (Footage f : footage) {
            trainFrames.addAll(LabelledFrames.load(f.video(), f.train()));
        }
        if (trainFrames.isEmpty()) {
            throw new IllegalArgumentException("no moving objects were found in the first " + Math.round(
                    100 * (1 - settings.holdout())) + "% of the footage: nothing to adapt to (is the camera fixed, "
                    + "and does anything move?)");
        }
        Path dir = target.local();
        Files.createDirectories(dir);
        Path model = settings.model();
        Evaluation before = evaluate(model, dev, footage, "before");
        SyntheticDataset dataset = settings.dataset();
        int batchSize = settings.batchSize();
        int realPerBatch = FootageMix.realPerBatch(settings.footageFraction(), batchSize);
        FootageMix examples = new FootageMix(trainFrames, i -> dataset.frame(SyntheticDataset.Split.TRAIN, i)
                .labeled(), batchSize, realPerBatch, settings.seed());
        console.printf("fine-tuning on %d frames with moving objects (%d boxes), %d of every %d images, %d steps%n",
                trainFrames.size(), boxes(trainFrames), realPerBatch, batchSize, settings.steps());
        long t1 = System.nanoTime();
        RpnTrainer.Result result = RpnTrainer.builder()
                .startFrom(model == null ? ProposalModel::loadDefault : d -> ProposalModel.load(model, d))
                .modelId(VidpropModelIds.fineTuned(dir))
                .data(examples)
                .outputDir(dir)
                .device(dev)
                .steps(settings.steps())
                .batchSize(batchSize)
                .learningRate(settings.learningRate())
                .warmupSteps(Math.min(50, settings.steps() / 10))
                .seed(settings.seed())
                .checkpointEvery(Math.max(1, Math.min(250, settings.steps())))
                .metadata(report.metadata(footage, trainFrames.size()))
                .progress(System.out)
                .build()
                .train();
        long trainNanos = System.nanoTime() - t1;
        Evaluation after = evaluate(dir, dev, footage, "after");
        String text = report.text(footage, before, after, result, mineNanos, trainNanos, trainFrames.size());
        AdaptReport.write(dir, text);
        target.publish();
        console.print(text);
        console.printf("adapted model in %s (run it with --model %s); loss curve %s%n", target.location(),
                target.location(), target.isRemote() ? target.location() + "/loss.png" : dir.resolve("loss.png"));
        target.deleteLocalCopy();
    }

    private Footage mine(AdaptInput input, VideoRange range) throws IOException {
        Path video = input.video();
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
        MotionMiner.Mined mined = MotionMiner.mine(video, range, settings.motion(), done -> bar.update(done, ""));
        if (mined.frames() < expected) {
            bar.update(expected, "");
        }
        long cut = mined.tailStart(settings.holdout());
        FrameLabels labels = mined.labels();
        FrameLabels train = withBoxes(labels.range(0, cut - 1));
        FrameLabels heldOut = labels.range(cut, Long.MAX_VALUE);
        console.printf("%s: %d frames read (%d warm-up, %d unstable), %d tracks, %d kept: %d boxes on %d frames; "
                + "frames %d on held out%n", input.name(), mined.frames(), mined.warmupFrames(),
                mined.unstableFrames(), mined.tracks(), mined.keptTracks(), labels.boxCount(), labels.frameCount(),
                cut);
        return new Footage(input, mined, train, heldOut);
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

    private Evaluation evaluate(Path modelPath, Device dev, List<Footage> footage, String label) throws IOException {
        int batchSize = settings.batchSize();
        RecallEvaluator all = new RecallEvaluator();
        Map<String, RecallEvaluator> perInput = new LinkedHashMap<>();
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
                RecallEvaluator one = new RecallEvaluator();
                perInput.put(f.input().name(), one);
                if (f.heldOut().frameCount() == 0) {
                    continue;
                }
                int offset = done;
                FootageRecall r = FootageRecall.measure(m, f.video(), f.heldOut(), batchSize,
                        n -> bar.update(offset + n, ""));
                all.addAll(r.recall());
                one.addAll(r.recall());
                done += f.heldOut().frameCount();
            }
            SyntheticDataset dataset = settings.dataset();
            int syntheticCheck = settings.syntheticCheck();
            for (int s = 0; s < syntheticCheck; s += batchSize) {
                int n = Math.min(batchSize, syntheticCheck - s);
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
        return new Evaluation(all, perInput, synthetic);
    }
}
