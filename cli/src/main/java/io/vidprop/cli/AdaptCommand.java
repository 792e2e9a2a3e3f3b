package io.vidprop.cli;

import ai.djl.Device;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.vidprop.adapt.CameraDirectories;
import io.vidprop.adapt.FrameSpool;
import io.vidprop.adapt.ModelOutput;
import io.vidprop.camera.SettingsTopic;
import io.vidprop.eval.RecallEvaluator;
import io.vidprop.footage.FootageMix;
import io.vidprop.footage.FootageRecall;
import io.vidprop.footage.LabelledFrames;
import io.vidprop.image.RgbImage;
import io.vidprop.job.KafkaConnectionOptions;
import io.vidprop.job.ProposalJobOptions;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
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
                "The footage is video files (--video) or the cameras' own frames on the frames topic (--camera ID "
                        + "--duration S: spooled to disk, then the same as a file; one model per camera, or one for "
                        + "them all with --site; --apply sets each camera's model on the settings topic, so the "
                        + "running job switches to it).",
                "Writes a model directory (model.json with the footage and settings in its metadata, model.params, "
                        + "loss.png, adapt-report.md)."})
final class AdaptCommand implements Callable<Integer> {
    static final String REPORT = "adapt-report.md";

    @Spec
    CommandSpec spec;

    @Option(names = "--video", arity = "1..*", paramLabel = "FILE",
            description = "Footage of one fixed camera (one or more files, anything FFmpeg reads).")
    List<Path> videos;

    @Option(names = "--start", paramLabel = "S", description = "Seconds into each file to start (default: 0).")
    Double start;

    @Option(names = "--end", paramLabel = "S", description = "Seconds into each file to stop (default: its end).")
    Double end;

    @Option(names = "--model", paramLabel = "DIR",
            description = "The model to adapt: a directory of a built-in model (default: the shipped one).")
    Path model;

    @Option(names = "--out", paramLabel = "DIR|URI", description = {"Where to write the adapted model (required "
            + "unless --labels-only): a directory, a file: URI, or the URI of a directory on a file system Flink "
            + "writes (hdfs:, s3:, ...). With --camera, each camera's model goes to a subdirectory named after it "
            + "(DIR/CAMERA), unless --site."})
    String out;

    @Option(names = "--labels-only", description = "Only mine the footage and write --export-labels; no training.")
    boolean labelsOnly;

    @Option(names = "--export-labels", paramLabel = "FILE",
            description = "Also write the mined boxes as COCO JSON (one file per video or camera: FILE's name gets "
                    + "the video's or camera's name appended when there are several), to correct in a labelling "
                    + "tool and train on with 'vidprop train --video --labels'.")
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

    @Mixin
    StreamOptions stream;

    /** {@code --camera} and what goes with it: the footage is the cameras' frames on the frames topic. */
    static final class StreamOptions {
        @Option(names = "--camera", split = ",", paramLabel = "ID", description = {"Adapt to these cameras from "
                + "their frames on the frames topic (ID,ID,...: the frames' record keys) instead of --video: each "
                + "camera's frames are spooled to disk as a video, then mined and trained on like a file. One model "
                + "per camera, in DIR/CAMERA (a camera id that is no plain file name is made one), unless --site."})
        List<String> cameras;

        @Option(names = "--duration", paramLabel = "S", description = {"Seconds of each camera's footage to read, "
                + "by its frames' capture times (vidprop.capture-ts, else the record timestamp), from its first frame "
                + "read; required with --camera. A camera with no frame within S seconds (at least --idle-timeout) "
                + "of wall time is an error."})
        Double duration;

        @Option(names = "--site", description = "One model for all the cameras, trained on all their footage, in DIR "
                + "itself; the report has each camera's table.")
        boolean site;

        @Option(names = "--from-earliest", description = "Read the frames topic from its start (the frames it still "
                + "holds) instead of only frames published from now on.")
        boolean fromEarliest;

        @Mixin
        KafkaConnectionOptions kafka;

        @Option(names = "--frames-topic", defaultValue = ProposalJobOptions.DEFAULT_FRAMES_TOPIC,
                description = "The topic the cameras publish to (default: ${DEFAULT-VALUE}).")
        String framesTopic;

        @Option(names = "--spool-dir", paramLabel = "DIR", description = "Where the frames are spooled (default: "
                + "a new temporary directory); deleted afterwards unless --keep-spool.")
        Path spoolDir;

        @Option(names = "--max-spool-mb", defaultValue = "1024", paramLabel = "N", description = "At most N MB of "
                + "frames (their encoded bytes, all cameras together) are spooled: reading stops there and the "
                + "cameras keep what was read (default: ${DEFAULT-VALUE}).")
        long maxSpoolMb;

        @Option(names = "--keep-spool", description = "Keep each camera's spooled video (its path is printed and in "
                + "the model's metadata).")
        boolean keepSpool;

        @Option(names = "--idle-timeout", defaultValue = "30", paramLabel = "S", description = "A camera that sends "
                + "no frame for S seconds ends with what was read (default: ${DEFAULT-VALUE}).")
        double idleTimeout;

        @Option(names = "--apply", description = {"Then set each camera's model (its model directory's absolute path, "
                + "or URI) on the settings topic, as 'vidprop camera set CAMERA --model' does: the running job "
                + "switches the camera to it from its next frame. The task managers must read the directory (a "
                + "shared mount or a URI)."})
        boolean apply;

        @Option(names = "--settings-topic", defaultValue = ProposalJobOptions.DEFAULT_SETTINGS_TOPIC,
                description = "The settings topic --apply writes to (default: ${DEFAULT-VALUE}).")
        String settingsTopic;

        Properties client() throws IOException {
            Properties p = new Properties();
            p.putAll(kafka.properties());
            p.setProperty("bootstrap.servers", kafka.bootstrapServers());
            return p;
        }
    }

    /**
     * One piece of footage: a video file, or a camera's spooled frames.
     *
     * @param name what the report and the labels' file names call it: the file, or the camera id
     * @param labelsName the name appended to --export-labels' file name when there are several
     * @param lines the report's lines about where it came from (with the held-out frame appended)
     * @param source the model metadata's entry about where it came from
     */
    private record Input(String name, Path video, String labelsName, String lines, JsonObject source) {}

    /** One input's mined boxes, split by time. */
    private record Footage(Input input, MotionMiner.Mined mined, FrameLabels train, FrameLabels heldOut) {
        Path video() {
            return input.video();
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!(holdout > 0 && holdout < 1)) {
            throw new IllegalArgumentException("--holdout must be between 0 and 1, got " + holdout);
        }
        if (labelsOnly ? exportLabels == null : out == null) {
            throw new IllegalArgumentException(labelsOnly ? "--labels-only needs --export-labels FILE"
                    : "--out DIR is required: where to write the adapted model");
        }
        if ((videos == null) == (stream.cameras == null)) {
            throw new IllegalArgumentException("give the footage as --video FILE... or as --camera ID --duration S "
                    + "(the cameras' frames on the frames topic), not " + (videos == null ? "neither" : "both"));
        }
        if (videos == null) {
            return fromStream();
        }
        String[] streamOnly = {"--site", "--apply", "--duration", "--from-earliest", "--spool-dir", "--keep-spool"};
        for (String option : streamOnly) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new IllegalArgumentException(option + " goes with --camera, not --video");
            }
        }
        List<Input> inputs = new ArrayList<>();
        for (VideoSource source : VideoSource.of(videos, List.of())) {
            Path v = source.file();
            JsonObject o = new JsonObject();
            o.addProperty("video", v.toAbsolutePath().toString());
            inputs.add(new Input(v.toString(), v, VideoSource.stem(v), "`" + v + "`", o));
        }
        ModelOutput target = out == null ? null : ModelOutput.of(out);
        adapt(inputs, target, exportLabels);
        return 0;
    }

    /** {@code --camera}: spool the cameras' frames, then adapt per camera or per site, then apply. */
    private int fromStream() throws Exception {
        if (stream.duration == null || !(stream.duration > 0)) {
            throw new IllegalArgumentException("--camera needs --duration S (seconds of each camera's frames to "
                    + "read), a positive number");
        }
        if (stream.maxSpoolMb <= 0 || !(stream.idleTimeout > 0)) {
            throw new IllegalArgumentException("--max-spool-mb and --idle-timeout must be positive");
        }
        if (stream.apply && labelsOnly) {
            throw new IllegalArgumentException("--apply needs a model: not with --labels-only");
        }
        if (start != null || end != null) {
            throw new IllegalArgumentException("--start and --end go with --video; with --camera, --duration says "
                    + "how much to read");
        }
        List<String> cameras = new ArrayList<>(new LinkedHashSet<>(stream.cameras.stream().map(String::trim)
                .filter(c -> !c.isEmpty()).toList()));
        if (cameras.isEmpty()) {
            throw new IllegalArgumentException("--camera names no camera");
        }
        Map<String, String> dirs = CameraDirectories.of(cameras);
        ModelOutput base = out == null ? null : ModelOutput.of(out);
        Properties client = stream.client();
        Path spoolDir;
        if (stream.spoolDir != null) {
            Files.createDirectories(stream.spoolDir);
            spoolDir = Files.createTempDirectory(stream.spoolDir, "adapt-");
        } else {
            spoolDir = Files.createTempDirectory("vidprop-spool-");
        }
        PrintWriter console = spec.commandLine().getOut();
        Map<String, ModelOutput> adapted = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        try {
            Map<String, FrameSpool.Camera> spooled = FrameSpool.spool(new FrameSpool.Settings(stream.framesTopic,
                    client, cameras, Duration.ofMillis(Math.round(stream.duration * 1000)), stream.fromEarliest,
                    stream.maxSpoolMb << 20, Duration.ofMillis(Math.round(stream.idleTimeout * 1000)), spoolDir,
                    System.err));
            Map<String, Input> inputs = new LinkedHashMap<>();
            for (FrameSpool.Camera c : spooled.values()) {
                inputs.put(c.camera(), cameraInput(c, dirs.get(c.camera())));
            }
            if (stream.site) {
                adapt(new ArrayList<>(inputs.values()), base, exportLabels);
                if (base != null) {
                    cameras.forEach(c -> adapted.put(c, base));
                }
            } else {
                for (String camera : cameras) {
                    ModelOutput target = base == null ? null : base.child(dirs.get(camera));
                    Path labels = exportLabels == null || cameras.size() == 1 ? exportLabels
                            : exportLabels.resolveSibling(VideoSource.stem(exportLabels) + "-" + dirs.get(camera)
                                    + ".json");
                    try {
                        console.printf("== %s ==%n", camera);
                        adapt(List.of(inputs.get(camera)), target, labels);
                        if (target != null) {
                            adapted.put(camera, target);
                        }
                    } catch (IllegalArgumentException e) {
                        if (cameras.size() == 1) {
                            throw e;
                        }
                        failed.add(camera + ": " + e.getMessage());
                        spec.commandLine().getErr().println("vidprop adapt: " + camera + ": " + e.getMessage());
                    }
                }
            }
            if (stream.keepSpool) {
                for (FrameSpool.Camera c : spooled.values()) {
                    console.printf("%s's spooled frames kept in %s%n", c.camera(), c.video());
                }
            }
        } finally {
            if (!stream.keepSpool) {
                deleteSpool(spoolDir);
            }
        }
        if (stream.apply && !labelsOnly) {
            SettingsTopic settings = new SettingsTopic(stream.settingsTopic, client);
            for (Map.Entry<String, ModelOutput> e : adapted.entrySet()) {
                settings.update(e.getKey(), now -> now.withModel(e.getValue().location()));
                console.printf("applied: camera %s's model is %s (settings topic %s); the running job switches to it "
                        + "from the camera's next frame%n", e.getKey(), e.getValue().location(),
                        stream.settingsTopic);
            }
        }
        if (!failed.isEmpty()) {
            spec.commandLine().getErr().println("vidprop adapt: no model for " + String.join("; ", failed));
            return 1;
        }
        return 0;
    }

    private Input cameraInput(FrameSpool.Camera c, String dirName) {
        JsonObject o = new JsonObject();
        o.addProperty("camera", c.camera());
        o.addProperty("framesTopic", stream.framesTopic);
        o.addProperty("frames", c.frames());
        o.addProperty("firstSequence", c.firstSequence());
        o.addProperty("lastSequence", c.lastSequence());
        o.addProperty("firstCapture", Instant.ofEpochMilli(c.firstCapture()).toString());
        o.addProperty("lastCapture", Instant.ofEpochMilli(c.lastCapture()).toString());
        o.addProperty("framesPerSecond", c.fps());
        o.addProperty("duplicatesLeftOut", c.duplicates());
        o.addProperty("undecodableLeftOut", c.undecodable());
        o.addProperty("readingEndedBy", c.endedBy());
        String lines = String.format(Locale.ROOT, "camera `%s`: %d frames from the frames topic (sequences %d to %d, "
                + "captured %s to %s, %s frames/s, %dx%d)", c.camera(), c.frames(), c.firstSequence(),
                c.lastSequence(), Instant.ofEpochMilli(c.firstCapture()), Instant.ofEpochMilli(c.lastCapture()),
                FrameSpool.number(c.fps()), c.width(), c.height());
        return new Input(c.camera(), c.video(), dirName, lines, o);
    }

    /** Mines the inputs, then (unless --labels-only) fine-tunes and writes the model and its report to target. */
    private void adapt(List<Input> inputs, ModelOutput target, Path labelsFile) throws Exception {
        Device dev = device.device();
        VideoRange range = VideoRange.ofSeconds(start, end);
        MotionSettings settings = MotionSettings.builder().history(history).warmupFrames(warmupFrames)
                .minTrackFrames(minTrackFrames).build();
        PrintWriter console = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        List<Footage> footage = new ArrayList<>();
        for (Input input : inputs) {
            footage.add(mine(input, range, settings, console));
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
        if (labelsOnly) {
            return;
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
        Path dir = target.local();
        Files.createDirectories(dir);
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
                .modelId(VidpropModelIds.fineTuned(dir))
                .data(examples)
                .outputDir(dir)
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
        Evaluation after = evaluate(dir, dev, footage, "after");
        String report = report(footage, before, after, result, mineNanos, trainNanos, trainFrames.size());
        Files.writeString(dir.resolve(REPORT), report, StandardCharsets.UTF_8);
        target.publish();
        console.print(report);
        console.printf("adapted model in %s (run it with --model %s); loss curve %s%n", target.location(),
                target.location(), target.isRemote() ? target.location() + "/loss.png" : dir.resolve("loss.png"));
        target.deleteLocalCopy();
    }

    private Footage mine(Input input, VideoRange range, MotionSettings settings, PrintWriter console)
            throws IOException {
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
        MotionMiner.Mined mined = MotionMiner.mine(video, range, settings, done -> bar.update(done, ""));
        if (mined.frames() < expected) {
            bar.update(expected, "");
        }
        long cut = mined.tailStart(holdout);
        FrameLabels labels = mined.labels();
        FrameLabels train = withBoxes(labels.range(0, cut - 1));
        FrameLabels heldOut = labels.range(cut, Long.MAX_VALUE);
        console.printf("%s: %d frames read (%d warm-up, %d unstable), %d tracks, %d kept: %d boxes on %d frames; "
                + "frames %d on held out%n", input.name(), mined.frames(), mined.warmupFrames(),
                mined.unstableFrames(), mined.tracks(), mined.keptTracks(), labels.boxCount(), labels.frameCount(),
                cut);
        return new Footage(input, mined, train, heldOut);
    }

    private static void deleteSpool(Path dir) {
        try {
            FileTrees.deleteRecursively(dir);
        } catch (IOException | RuntimeException e) {
            System.err.println("vidprop adapt: could not delete the spool " + dir + ": " + e.getMessage());
        }
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

    /** Recall on the held-out tails, all together and per input, and, optionally, on synthetic test frames. */
    private record Evaluation(RecallEvaluator footage, Map<String, RecallEvaluator> perInput,
            RecallEvaluator synthetic) {}

    private Evaluation evaluate(Path modelPath, Device dev, List<Footage> footage, String label) throws IOException {
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
                FootageRecall r = FootageRecall.measure(m, f.video(), f.heldOut(), step.batchSize,
                        n -> bar.update(offset + n, ""));
                all.addAll(r.recall());
                one.addAll(r.recall());
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
        return new Evaluation(all, perInput, synthetic);
    }

    private JsonObject metadata(List<Footage> footage, MotionSettings settings, int trainFrames) {
        JsonObject m = new JsonObject();
        m.addProperty("trainedBy", "vidprop " + String.join(" ", spec.commandLine().getParseResult()
                .originalArgs()));
        m.addProperty("adaptedFrom", model == null ? "the shipped default model"
                : model.toAbsolutePath().toString());
        JsonArray files = new JsonArray();
        for (Footage f : footage) {
            JsonObject o = f.input().source().deepCopy();
            if (stream.keepSpool && o.has("camera")) {
                o.addProperty("video", f.video().toAbsolutePath().toString());
            }
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
            sb.append(String.format(Locale.ROOT, "- %s: %d frames read from frame %d; held out from frame %d%n",
                    f.input().lines(), f.mined().frames(), f.mined().firstFrame(), f.mined().tailStart(holdout)));
        }
        sb.append(String.format(Locale.ROOT, "- %d frames with moving objects trained on, %d steps of %d images "
                + "(%d from the footage), final loss %.4f%n", trainFrames, result.steps(), step.batchSize,
                FootageMix.realPerBatch(footageFraction, step.batchSize), result.finalLoss()));
        sb.append(String.format(Locale.ROOT, "- time: mining %.1f s for %d frames, fine-tuning %.1f s (%s)%n%n",
                mineNanos / 1e9, frames, trainNanos / 1e9, device));
        sb.append(String.format(Locale.ROOT, "Held-out tail (last %.0f%% of each %s by time, never trained on), "
                + "against the mined boxes: %d frames, %d boxes%n%n", 100 * holdout, videos == null ? "camera's footage"
                : "file", after.footage().images(), after.footage().boxes()));
        sb.append(table(before.footage(), after.footage()));
        if (footage.size() > 1) {
            for (Footage f : footage) {
                RecallEvaluator b = before.perInput().get(f.input().name());
                RecallEvaluator a = after.perInput().get(f.input().name());
                sb.append(String.format(Locale.ROOT, "%n%s `%s`, its held-out tail: %d frames, %d boxes%n%n",
                        videos == null ? "Camera" : "File", f.input().name(), a.images(), a.boxes()));
                sb.append(a.images() == 0 ? "(no frames with moving objects held out)\n" : table(b, a));
            }
        }
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
