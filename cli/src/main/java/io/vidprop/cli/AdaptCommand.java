package io.vidprop.cli;

import io.vidprop.adapt.AdaptInput;
import io.vidprop.adapt.AdaptPipeline;
import io.vidprop.adapt.AdaptSettings;
import io.vidprop.adapt.ModelOutput;
import io.vidprop.adapt.StreamAdaptation;
import io.vidprop.job.KafkaConnectionOptions;
import io.vidprop.job.ProposalJobOptions;
import io.vidprop.motion.MotionSettings;
import io.vidprop.train.RpnTrainer;
import io.vidprop.video.VideoSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

        StreamAdaptation.Settings settings(List<String> cameraIds) throws IOException {
            return new StreamAdaptation.Settings(cameraIds, seconds(duration), site, fromEarliest, client(),
                    framesTopic, spoolDir, maxSpoolMb << 20, keepSpool, seconds(idleTimeout), apply, settingsTopic);
        }

        private static Duration seconds(double s) {
            return Duration.ofMillis(Math.round(s * 1000));
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
        List<AdaptInput> inputs = new ArrayList<>();
        for (VideoSource source : VideoSource.of(videos, List.of())) {
            inputs.add(AdaptInput.ofVideo(source.file()));
        }
        ModelOutput target = out == null ? null : ModelOutput.of(out);
        pipeline().adapt(inputs, target, exportLabels);
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
        ModelOutput base = out == null ? null : ModelOutput.of(out);
        StreamAdaptation adaptation = new StreamAdaptation(stream.settings(cameras), pipeline(),
                spec.commandLine().getOut(), spec.commandLine().getErr());
        return adaptation.run(base, exportLabels);
    }

    private AdaptPipeline pipeline() {
        AdaptSettings settings = AdaptSettings.builder()
                .model(model)
                .range(start, end)
                .motion(MotionSettings.builder().history(history).warmupFrames(warmupFrames)
                        .minTrackFrames(minTrackFrames).build())
                .holdout(holdout)
                .labelsOnly(labelsOnly)
                .steps(steps)
                .batchSize(step.batchSize)
                .learningRate(learningRate)
                .footageFraction(footageFraction)
                .seed(seed)
                .device(device.device(), device.toString())
                // Only training uses the synthetic scenes: --labels-only never checks --scene-style.
                .syntheticData(data.dataSeed, labelsOnly ? null : data.scene())
                .syntheticCheck(syntheticCheck)
                .trainedBy("vidprop " + String.join(" ", spec.commandLine().getParseResult().originalArgs()))
                .fromCameras(videos == null, stream.keepSpool)
                .build();
        return new AdaptPipeline(settings, spec.commandLine().getOut());
    }
}
