package io.vidprop.camera;

import io.vidprop.job.KafkaConnectionOptions;
import io.vidprop.job.ProposalJobOptions;
import io.vidprop.settings.CameraSettings;
import io.vidprop.settings.CameraSettingsJson;
import io.vidprop.settings.Polygon;
import io.vidprop.settings.TrackSettings;
import io.vidprop.settings.Zone;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vidprop camera}: reads and writes per-camera settings on the settings topic, which the running job follows. */
@Command(name = "camera", mixinStandardHelpOptions = true,
        description = "Per-camera settings that the running job applies from each camera's next frame: regions, top, "
                + "min score, every, tracks, zones, model. Written to the settings topic (compacted, created if missing).",
        subcommands = {CameraCommand.Set.class, CameraCommand.Get.class, CameraCommand.ListCameras.class,
            CameraCommand.Clear.class})
public final class CameraCommand {
    /** Where the settings topic is. */
    static final class TopicOptions {
        @Mixin
        KafkaConnectionOptions kafka;

        @Option(names = "--settings-topic", defaultValue = ProposalJobOptions.DEFAULT_SETTINGS_TOPIC,
                description = "The settings topic (default: ${DEFAULT-VALUE}).")
        String topic;

        SettingsTopic open() throws IOException {
            Properties client = new Properties();
            client.putAll(kafka.properties());
            client.setProperty("bootstrap.servers", kafka.bootstrapServers());
            return new SettingsTopic(topic, client);
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Changes a camera's settings: the options given replace those values, the others keep theirs.")
    static final class Set implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        TopicOptions topic;

        @Parameters(paramLabel = "CAMERA", description = "The camera id (the frames' record key).")
        String camera;

        @Option(names = "--include", paramLabel = "x1,y1,x2,y2,...", description = "A region where proposals are kept "
                + "(their box's centre inside it), in frame pixels; repeat for several. Replaces the camera's include "
                + "regions; --include none removes them.")
        List<String> include;

        @Option(names = "--exclude", paramLabel = "x1,y1,x2,y2,...", description = "A region where proposals are "
                + "dropped; repeat for several; --exclude none removes them.")
        List<String> exclude;

        @Option(names = "--top", description = "At most this many proposals per record, best first.")
        Integer top;

        @Option(names = "--min-score", description = "Least objectness score of a proposal in a record (0 to 1).")
        Float minScore;

        @Option(names = "--every", description = "Process one frame in N; the others are skipped and counted in the "
                + "next record's framesSkippedBefore.")
        Integer every;

        @Option(names = "--tracks", paramLabel = "on|off", description = "Object tracks in the records.")
        String tracks;

        @Option(names = "--track-min-score", paramLabel = "S", description = "Least score of a proposal that may start "
                + "or extend a track (0 to 1; default " + TrackSettings.DEFAULT_MIN_SCORE + ").")
        Float trackMinScore;

        @Option(names = "--track-nms", paramLabel = "IOU", description = "The stricter suppression applied to the "
                + "proposals before tracking (0 to 1; default " + TrackSettings.DEFAULT_NMS_THRESHOLD + ").")
        Float trackNms;

        @Option(names = "--track-match-iou", paramLabel = "IOU", description = "Least IoU between a track's predicted "
                + "box and a proposal for them to be associated (0 to 1; default " + TrackSettings.DEFAULT_MATCH_IOU + ").")
        Float trackMatchIou;

        @Option(names = "--track-max-missed", paramLabel = "FRAMES", description = "Frames a track may go unmatched "
                + "before it ends (default " + TrackSettings.DEFAULT_MAX_MISSED_FRAMES + ").")
        Integer trackMaxMissed;

        @Option(names = "--zone", paramLabel = "NAME=x1,y1,x2,y2,...", description = "A named zone for enter and exit "
                + "events; repeat for several; replaces the camera's zones; --zone none removes them.")
        List<String> zones;

        @Option(names = "--model", paramLabel = "DIR|URI|default", description = {"The model that makes this camera's "
                + "proposals: a model directory (as vidprop adapt or train write it), its model.json, or an ONNX or "
                + "TorchScript file, as a path or URI the task managers read (file:, hdfs:, s3:, ...); the running job "
                + "loads it for the camera's next frame. --model default (or none) goes back to the job's --model."})
        String model;

        @Override
        public Integer call() throws Exception {
            CameraSettings next = topic.open().update(camera, now -> new CameraSettings(
                    include == null ? now.include() : polygons(include, "--include"),
                    exclude == null ? now.exclude() : polygons(exclude, "--exclude"),
                    top != null ? top : now.top(), minScore != null ? minScore : now.minScore(),
                    every != null ? every : now.every(), tracks(now.tracks()),
                    zones == null ? now.zones() : zones(zones), model == null ? now.model() : model(model)));
            spec.commandLine().getOut().println(camera + " " + CameraSettingsJson.toJson(next));
            return 0;
        }

        private TrackSettings tracks(TrackSettings now) {
            boolean on = tracks == null ? now.enabled() : switch (tracks.toLowerCase(java.util.Locale.ROOT)) {
                case "on", "true" -> true;
                case "off", "false" -> false;
                default -> throw new IllegalArgumentException("--tracks must be on or off, got " + tracks);
            };
            try {
                return new TrackSettings(on, trackNms != null ? trackNms : now.nmsThreshold(),
                        trackMatchIou != null ? trackMatchIou : now.matchIou(),
                        trackMinScore != null ? trackMinScore : now.minScore(),
                        trackMaxMissed != null ? trackMaxMissed : now.maxMissedFrames());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().replace("tracks.nmsThreshold", "--track-nms")
                        .replace("tracks.matchIou", "--track-match-iou").replace("tracks.minScore", "--track-min-score")
                        .replace("tracks.maxMissedFrames", "--track-max-missed"));
            }
        }
    }

    /** A model path or URI as given; {@code default} or {@code none}: the job's model (null). */
    static String model(String value) {
        return value.equalsIgnoreCase("default") || value.equalsIgnoreCase("none") ? null : value;
    }

    static List<Polygon> polygons(List<String> values, String option) {
        List<Polygon> out = new ArrayList<>();
        for (String v : values) {
            if (!v.equalsIgnoreCase("none")) {
                out.add(polygon(v, option));
            }
        }
        return out;
    }

    static Polygon polygon(String value, String option) {
        String[] parts = value.split(",");
        float[] c = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                c[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " " + value + ": '" + parts[i] + "' is not a number");
            }
        }
        try {
            return Polygon.of(c);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + value + ": " + e.getMessage());
        }
    }

    static List<Zone> zones(List<String> values) {
        List<Zone> out = new ArrayList<>();
        for (String v : values) {
            if (v.equalsIgnoreCase("none")) {
                continue;
            }
            int eq = v.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--zone " + v + ": expected NAME=x1,y1,x2,y2,...");
            }
            out.add(new Zone(v.substring(0, eq), polygon(v.substring(eq + 1), "--zone")));
        }
        return out;
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Prints a camera's settings as JSON.")
    static final class Get implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        TopicOptions topic;

        @Parameters(paramLabel = "CAMERA")
        String camera;

        @Override
        public Integer call() throws Exception {
            CameraSettings s = topic.open().readAll().get(camera);
            if (s == null) {
                spec.commandLine().getErr().println("vidprop camera get: " + camera + " has no settings (the job's "
                        + "defaults apply)");
                return 1;
            }
            spec.commandLine().getOut().println(CameraSettingsJson.toJson(s));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Prints every camera with settings, one per line: the camera id and its settings as JSON.")
    static final class ListCameras implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        TopicOptions topic;

        @Override
        public Integer call() throws Exception {
            for (Map.Entry<String, CameraSettings> e : topic.open().readAll().entrySet()) {
                spec.commandLine().getOut().println(e.getKey() + " " + CameraSettingsJson.toJson(e.getValue()));
            }
            return 0;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Removes a camera's settings: the job's defaults apply from its next frame.")
    static final class Clear implements Callable<Integer> {
        @Mixin
        TopicOptions topic;

        @Parameters(paramLabel = "CAMERA")
        String camera;

        @Override
        public Integer call() throws Exception {
            topic.open().write(camera, null);
            return 0;
        }
    }
}
