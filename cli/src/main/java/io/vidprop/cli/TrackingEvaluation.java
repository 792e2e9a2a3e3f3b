package io.vidprop.cli;

import io.vidprop.eval.TrackingEvaluator;
import io.vidprop.image.RgbImage;
import io.vidprop.model.ProposalModel;
import io.vidprop.operators.ProposalSelection;
import io.vidprop.settings.CameraSettings;
import io.vidprop.settings.TrackSettings;
import io.vidprop.synth.CameraScene;
import io.vidprop.synth.SyntheticDataset;
import io.vidprop.synth.SyntheticFrame;
import io.vidprop.tracking.Track;
import io.vidprop.tracking.Tracker;
import io.vidprop.tracking.TrackerState;
import io.vidprop.train.ProgressBar;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * {@code vidprop eval --tracks}: the tracker of the live job on camera-style synthetic videos, whose objects' identities
 * are known: each video's frames in order through the model, a camera's selection ({@code top}, {@code minScore}) and
 * the tracker, scored with IDF1 and identity switches at IoU 0.5.
 */
final class TrackingEvaluation {
    static final float MIN_IOU = 0.5f;

    private TrackingEvaluation() {}

    /** Where a frame's boxes to track come from. */
    interface Detector {
        float[][] detect(SyntheticFrame frame);
    }

    /**
     * Scores the tracker twice: on the model's proposals after the camera's selection (the live job's tracks), and on
     * the true boxes, each moved and resized by up to 5% and one in ten missing (the association alone).
     */
    static void run(ProposalModel model, SyntheticDataset dataset, int videos, int frames, CameraSettings camera,
            PrintWriter out) {
        out.printf("tracking on %d camera-style test videos of %d frames (top %s, min score %s, %s)%n%n", videos,
                frames, camera.top() == null ? "all" : camera.top(), camera.minScore() == null ? "0" : camera.minScore(),
                camera.tracks());
        out.println("The model's proposals (" + model.modelId() + "):");
        table(dataset, videos, frames, camera, out, frame -> ProposalSelection.select(
                model.propose(List.<RgbImage>of(frame.image())).get(0), 1, 1, camera, 0, 0));
        out.println();
        out.println("The true boxes, moved and resized by up to 5%, one in ten missing:");
        java.util.Random random = new java.util.Random(7);
        table(dataset, videos, frames, camera, out, frame -> jittered(frame, random));
    }

    private static float[][] jittered(SyntheticFrame frame, java.util.Random random) {
        float[] t = frame.boxes();
        java.util.List<float[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < t.length / 4; i++) {
            if (random.nextInt(10) == 0) {
                continue;
            }
            float w = t[4 * i + 2] - t[4 * i];
            float h = t[4 * i + 3] - t[4 * i + 1];
            float dx = (random.nextFloat() - 0.5f) * 0.1f * w;
            float dy = (random.nextFloat() - 0.5f) * 0.1f * h;
            float s = 1 + (random.nextFloat() - 0.5f) * 0.1f;
            out.add(new float[] {t[4 * i] + dx, t[4 * i + 1] + dy, t[4 * i] + dx + w * s, t[4 * i + 1] + dy + h * s,
                0.9f});
        }
        return out.toArray(float[][]::new);
    }

    private static void table(SyntheticDataset dataset, int videos, int frames, CameraSettings camera, PrintWriter out,
            Detector detector) {
        out.println("| video | true boxes | track boxes | IDF1 | ID switches |");
        out.println("|---:|---:|---:|---:|---:|");
        TrackingEvaluator all = new TrackingEvaluator(MIN_IOU);
        ProgressBar bar = new ProgressBar(System.out, "tracks", (long) videos * frames);
        for (int v = 0; v < videos; v++) {
            CameraScene scene = dataset.cameraScene(SyntheticDataset.Split.TEST, v);
            TrackingEvaluator one = new TrackingEvaluator(MIN_IOU);
            TrackerState state = new TrackerState();
            for (int f = 0; f < frames; f++) {
                SyntheticFrame frame = scene.frame(f);
                float[][] selected = detector.detect(frame);
                List<Track> tracks = Tracker.step(state, selected, camera.tracks(), List.of()).tracks();
                float[] boxes = new float[4 * tracks.size()];
                long[] ids = new long[tracks.size()];
                for (int i = 0; i < ids.length; i++) {
                    System.arraycopy(tracks.get(i).box(), 0, boxes, 4 * i, 4);
                    ids[i] = tracks.get(i).id();
                }
                one.add(frame.boxes(), frame.identities(), boxes, ids);
                int[] trueIds = frame.identities().clone();
                for (int i = 0; i < trueIds.length; i++) {
                    trueIds[i] += v * 100_000; // the same object number in another video is another object
                }
                all.add(frame.boxes(), trueIds, boxes, offset(ids, v));
                bar.update((long) v * frames + f + 1, "");
            }
            row(out, Integer.toString(v), one.result());
        }
        row(out, "all", all.result());
    }

    /** Track ids of video v made distinct from other videos' in the overall score. */
    private static long[] offset(long[] ids, int video) {
        long[] out = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = ((long) video << 40) + ids[i];
        }
        return out;
    }

    private static void row(PrintWriter out, String what, TrackingEvaluator.Result r) {
        out.printf(Locale.ROOT, "| %s | %d | %d | %.3f | %d |%n", what, r.trueBoxes(), r.trackBoxes(), r.idf1(),
                r.idSwitches());
    }

    /** The camera settings evaluated: tracks on with their defaults, the given top and min score. */
    static CameraSettings camera(Integer top, Float minScore) {
        TrackSettings d = TrackSettings.OFF;
        return new CameraSettings(List.of(), List.of(), top, minScore, 1,
                new TrackSettings(true, d.nmsThreshold(), d.matchIou(), d.minScore(), d.maxMissedFrames()), List.of(), null);
    }
}
