package io.vidprop.adapt;

import com.google.gson.JsonObject;
import io.vidprop.camera.SettingsTopic;
import io.vidprop.cli.FileTrees;
import io.vidprop.video.VideoSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * {@code vidprop adapt --camera}: spools the cameras' frames, adapts one model per camera (or one for the site) on
 * them, then, with apply, sets each camera's model on the settings topic.
 */
public final class StreamAdaptation {
    /**
     * Which cameras, how much of their frames, and what becomes of the models.
     *
     * @param cameras the camera ids, without duplicates
     * @param duration capture time to read of each camera
     * @param site one model for all the cameras instead of one each
     * @param fromEarliest read the frames topic from its start
     * @param client bootstrap servers and any security settings
     * @param framesTopic the topic the cameras publish to
     * @param spoolDir where a new spool directory goes (null: the system's temporary directory)
     * @param maxSpoolBytes bound on the encoded bytes of every camera's frames together
     * @param keepSpool keep the spooled videos
     * @param idleTimeout a camera that sends no frame for this long ends with what was read
     * @param apply set each camera's model on the settings topic
     * @param settingsTopic the settings topic
     */
    public record Settings(List<String> cameras, Duration duration, boolean site, boolean fromEarliest,
            Properties client, String framesTopic, Path spoolDir, long maxSpoolBytes, boolean keepSpool,
            Duration idleTimeout, boolean apply, String settingsTopic) {}

    private final Settings settings;
    private final AdaptPipeline pipeline;
    private final PrintWriter out;
    private final PrintWriter err;

    public StreamAdaptation(Settings settings, AdaptPipeline pipeline, PrintWriter out, PrintWriter err) {
        this.settings = settings;
        this.pipeline = pipeline;
        this.out = out;
        this.err = err;
    }

    /**
     * Spools, adapts and applies; models go to base (or its subdirectory per camera), mined labels to exportLabels.
     *
     * @return the exit code: 1 when some of several cameras got no model
     */
    public int run(ModelOutput base, Path exportLabels) throws Exception {
        List<String> cameras = settings.cameras();
        Map<String, String> dirs = CameraDirectories.of(cameras);
        Path spoolDir = createSpoolDir();
        Map<String, ModelOutput> adapted = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        try {
            Map<String, FrameSpool.Camera> spooled = FrameSpool.spool(new FrameSpool.Settings(settings.framesTopic(),
                    settings.client(), cameras, settings.duration(), settings.fromEarliest(),
                    settings.maxSpoolBytes(), settings.idleTimeout(), spoolDir, System.err));
            Map<String, AdaptInput> inputs = new LinkedHashMap<>();
            for (FrameSpool.Camera c : spooled.values()) {
                inputs.put(c.camera(), cameraInput(c, dirs.get(c.camera())));
            }
            if (settings.site()) {
                pipeline.adapt(new ArrayList<>(inputs.values()), base, exportLabels);
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
                        out.printf("== %s ==%n", camera);
                        pipeline.adapt(List.of(inputs.get(camera)), target, labels);
                        if (target != null) {
                            adapted.put(camera, target);
                        }
                    } catch (IllegalArgumentException e) {
                        if (cameras.size() == 1) {
                            throw e;
                        }
                        failed.add(camera + ": " + e.getMessage());
                        err.println("vidprop adapt: " + camera + ": " + e.getMessage());
                    }
                }
            }
            if (settings.keepSpool()) {
                for (FrameSpool.Camera c : spooled.values()) {
                    out.printf("%s's spooled frames kept in %s%n", c.camera(), c.video());
                }
            }
        } finally {
            if (!settings.keepSpool()) {
                deleteSpool(spoolDir);
            }
        }
        if (settings.apply()) {
            apply(adapted);
        }
        if (!failed.isEmpty()) {
            err.println("vidprop adapt: no model for " + String.join("; ", failed));
            return 1;
        }
        return 0;
    }

    private Path createSpoolDir() throws IOException {
        if (settings.spoolDir() != null) {
            Files.createDirectories(settings.spoolDir());
            return Files.createTempDirectory(settings.spoolDir(), "adapt-");
        }
        return Files.createTempDirectory("vidprop-spool-");
    }

    private static void deleteSpool(Path dir) {
        try {
            FileTrees.deleteRecursively(dir);
        } catch (IOException | RuntimeException e) {
            System.err.println("vidprop adapt: could not delete the spool " + dir + ": " + e.getMessage());
        }
    }

    private void apply(Map<String, ModelOutput> adapted) throws Exception {
        SettingsTopic topic = new SettingsTopic(settings.settingsTopic(), settings.client());
        for (Map.Entry<String, ModelOutput> e : adapted.entrySet()) {
            topic.update(e.getKey(), now -> now.withModel(e.getValue().location()));
            out.printf("applied: camera %s's model is %s (settings topic %s); the running job switches to it from "
                    + "the camera's next frame%n", e.getKey(), e.getValue().location(), settings.settingsTopic());
        }
    }

    private AdaptInput cameraInput(FrameSpool.Camera c, String dirName) {
        JsonObject o = new JsonObject();
        o.addProperty("camera", c.camera());
        o.addProperty("framesTopic", settings.framesTopic());
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
        return new AdaptInput(c.camera(), c.video(), dirName, lines, o);
    }
}
