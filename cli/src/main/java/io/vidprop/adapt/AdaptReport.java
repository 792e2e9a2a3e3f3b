package io.vidprop.adapt;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.vidprop.eval.RecallEvaluator;
import io.vidprop.footage.FootageMix;
import io.vidprop.train.RpnTrainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What an adapted model says about itself: the metadata in its model.json, and its adapt-report.md. */
public final class AdaptReport {
    /** The report's file name in the model directory. */
    public static final String FILE_NAME = "adapt-report.md";

    private final AdaptSettings settings;

    AdaptReport(AdaptSettings settings) {
        this.settings = settings;
    }

    static void write(Path modelDir, String text) throws IOException {
        Files.writeString(modelDir.resolve(FILE_NAME), text, StandardCharsets.UTF_8);
    }

    /** The model metadata: the command line, the footage and every setting the training depends on. */
    JsonObject metadata(List<AdaptPipeline.Footage> footage, int trainFrames) {
        JsonObject m = new JsonObject();
        m.addProperty("trainedBy", settings.trainedBy());
        m.addProperty("adaptedFrom", settings.model() == null ? "the shipped default model"
                : settings.model().toAbsolutePath().toString());
        JsonArray files = new JsonArray();
        for (AdaptPipeline.Footage f : footage) {
            JsonObject o = f.input().source().deepCopy();
            if (settings.keepSpool() && o.has("camera")) {
                o.addProperty("video", f.video().toAbsolutePath().toString());
            }
            o.addProperty("framesRead", f.mined().frames());
            o.addProperty("firstFrame", f.mined().firstFrame());
            o.addProperty("heldOutFromFrame", f.mined().tailStart(settings.holdout()));
            o.addProperty("trainFramesWithBoxes", f.train().frameCount());
            o.addProperty("minedBoxes", f.mined().labels().boxCount());
            files.add(o);
        }
        m.add("footage", files);
        if (settings.start() != null || settings.end() != null) {
            m.addProperty("startSeconds", settings.start() == null ? 0 : settings.start());
            if (settings.end() != null) {
                m.addProperty("endSeconds", settings.end());
            }
        }
        m.add("motion", new Gson().toJsonTree(settings.motion()));
        m.addProperty("footageFraction", settings.footageFraction());
        m.addProperty("holdout", settings.holdout());
        m.addProperty("trainFrames", trainFrames);
        m.addProperty("seed", settings.seed());
        m.addProperty("batchSize", settings.batchSize());
        m.addProperty("learningRate", settings.learningRate());
        JsonObject dataInfo = new JsonObject();
        dataInfo.addProperty("generator", "io.vidprop.synth.SyntheticDataset (split TRAIN)");
        dataInfo.addProperty("dataSeed", settings.dataSeed());
        dataInfo.add("scene", new Gson().toJsonTree(settings.scene()));
        m.add("data", dataInfo);
        return m;
    }

    /** The report in Markdown: where the footage came from, the training, and the before/after tables. */
    String text(List<AdaptPipeline.Footage> footage, AdaptPipeline.Evaluation before, AdaptPipeline.Evaluation after,
            RpnTrainer.Result result, long mineNanos, long trainNanos, int trainFrames) {
        double holdout = settings.holdout();
        int batchSize = settings.batchSize();
        StringBuilder sb = new StringBuilder();
        sb.append("# Adaptation report\n\n");
        long frames = 0;
        for (AdaptPipeline.Footage f : footage) {
            frames += f.mined().frames();
            sb.append(String.format(Locale.ROOT, "- %s: %d frames read from frame %d; held out from frame %d%n",
                    f.input().lines(), f.mined().frames(), f.mined().firstFrame(), f.mined().tailStart(holdout)));
        }
        sb.append(String.format(Locale.ROOT, "- %d frames with moving objects trained on, %d steps of %d images "
                + "(%d from the footage), final loss %.4f%n", trainFrames, result.steps(), batchSize,
                FootageMix.realPerBatch(settings.footageFraction(), batchSize), result.finalLoss()));
        sb.append(String.format(Locale.ROOT, "- time: mining %.1f s for %d frames, fine-tuning %.1f s (%s)%n%n",
                mineNanos / 1e9, frames, trainNanos / 1e9, settings.deviceName()));
        sb.append(String.format(Locale.ROOT, "Held-out tail (last %.0f%% of each %s by time, never trained on), "
                + "against the mined boxes: %d frames, %d boxes%n%n", 100 * holdout,
                settings.fromCameras() ? "camera's footage" : "file", after.footage().images(),
                after.footage().boxes()));
        sb.append(table(before.footage(), after.footage()));
        if (footage.size() > 1) {
            for (AdaptPipeline.Footage f : footage) {
                RecallEvaluator b = before.perInput().get(f.input().name());
                RecallEvaluator a = after.perInput().get(f.input().name());
                sb.append(String.format(Locale.ROOT, "%n%s `%s`, its held-out tail: %d frames, %d boxes%n%n",
                        settings.fromCameras() ? "Camera" : "File", f.input().name(), a.images(), a.boxes()));
                sb.append(a.images() == 0 ? "(no frames with moving objects held out)\n" : table(b, a));
            }
        }
        if (settings.syntheticCheck() > 0) {
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
