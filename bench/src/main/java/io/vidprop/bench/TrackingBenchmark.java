package io.vidprop.bench;

import io.vidprop.operators.ProposalSelection;
import io.vidprop.rpn.Nms;
import io.vidprop.rpn.Proposals;
import io.vidprop.settings.CameraSettings;
import io.vidprop.settings.CameraSettingsJson;
import io.vidprop.tracking.Tracker;
import io.vidprop.tracking.TrackerState;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a camera's settings and tracks cost a frame, beside the NMS that every frame already pays, on the same input:
 * 2,000 candidate boxes of a 1280x720 frame (20 objects walking at constant speeds, 15 jittered boxes each, the rest
 * random) through greedy NMS at 0.7 to the 300 best; then the camera's settings (an include region, a min score, top
 * 300) and the tracker (about 20 tracks) on those 300. {@code nms} and {@code settingsAndTracks} each run one frame
 * of a 500-frame sequence, in order.
 *
 * <p>{@code java -cp cli/target/vidprop.jar:bench/target/benchmarks.jar org.openjdk.jmh.Main TrackingBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class TrackingBenchmark {
    static final int FRAMES = 500;
    static final int CANDIDATES = 2000;
    static final int OBJECTS = 20;
    static final int KEEP = 300;

    private float[][] candidateBoxes;
    private float[][] candidateScores;
    private Proposals[] proposals;
    private CameraSettings settings;
    private TrackerState state;
    private int frame;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        float[][] start = new float[OBJECTS][];
        for (int o = 0; o < OBJECTS; o++) {
            float w = 40 + random.nextFloat() * 80;
            float h = 2 * w;
            start[o] = new float[] {random.nextFloat() * (1280 - w), random.nextFloat() * (720 - h), w, h,
                (random.nextFloat() - 0.5f) * 6, (random.nextFloat() - 0.5f) * 3};
        }
        candidateBoxes = new float[FRAMES][];
        candidateScores = new float[FRAMES][];
        proposals = new Proposals[FRAMES];
        for (int f = 0; f < FRAMES; f++) {
            float[] boxes = new float[4 * CANDIDATES];
            float[] scores = new float[CANDIDATES];
            int i = 0;
            for (float[] o : start) {
                // bounce inside the frame
                float x = bounce(o[0] + o[4] * f, 1280 - o[2]);
                float y = bounce(o[1] + o[5] * f, 720 - o[3]);
                for (int k = 0; k < 15; k++, i++) {
                    float j = k == 0 ? 0 : 0.08f;
                    boxes[4 * i] = x + (random.nextFloat() - 0.5f) * j * o[2];
                    boxes[4 * i + 1] = y + (random.nextFloat() - 0.5f) * j * o[3];
                    boxes[4 * i + 2] = boxes[4 * i] + o[2] * (1 + (random.nextFloat() - 0.5f) * j);
                    boxes[4 * i + 3] = boxes[4 * i + 1] + o[3] * (1 + (random.nextFloat() - 0.5f) * j);
                    scores[i] = k == 0 ? 0.95f - 0.01f * random.nextFloat() : 0.6f + 0.3f * random.nextFloat();
                }
            }
            for (; i < CANDIDATES; i++) {
                float w = 16 + random.nextFloat() * 240;
                float h = 16 + random.nextFloat() * 240;
                boxes[4 * i] = random.nextFloat() * (1280 - w);
                boxes[4 * i + 1] = random.nextFloat() * (720 - h);
                boxes[4 * i + 2] = boxes[4 * i] + w;
                boxes[4 * i + 3] = boxes[4 * i + 1] + h;
                scores[i] = 0.45f * random.nextFloat();
            }
            sortByScore(boxes, scores);
            candidateBoxes[f] = boxes;
            candidateScores[f] = scores;
            proposals[f] = kept(boxes, scores, Nms.nms(boxes, scores, 0.7, KEEP));
        }
        settings = CameraSettingsJson.parse("{\"include\": [[0, 72, 1280, 72, 1280, 720, 0, 720]], \"minScore\": 0.05,"
                + " \"top\": 300, \"tracks\": {}, \"zones\": [{\"name\": \"left\", \"polygon\": [0, 0, 400, 0, 400, 720, 0,"
                + " 720]}]}");
        TrackerState check = new TrackerState();
        int seen = 0;
        for (int f = 0; f < 50; f++) {
            seen = Tracker.step(check, ProposalSelection.select(proposals[f], 1, 1, settings, 0, 0), settings.tracks(),
                    settings.zones()).tracks().size();
        }
        if (seen < 15 || seen > 25) {
            throw new IllegalStateException("the load should keep about 20 tracks, it keeps " + seen);
        }
        System.out.println("tracks at frame 50: " + seen + "; proposals a frame: " + proposals[50].size());
    }

    @Setup(Level.Iteration)
    public void freshTracks() {
        state = new TrackerState();
        frame = 0;
    }

    private static float bounce(float v, float max) {
        float period = 2 * max;
        float m = ((v % period) + period) % period;
        return m <= max ? m : period - m;
    }

    private static void sortByScore(float[] boxes, float[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        float[] b = boxes.clone();
        float[] s = scores.clone();
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(b, 4 * order[i], boxes, 4 * i, 4);
            scores[i] = s[order[i]];
        }
    }

    private static Proposals kept(float[] boxes, float[] scores, int[] keep) {
        float[] b = new float[4 * keep.length];
        float[] s = new float[keep.length];
        for (int i = 0; i < keep.length; i++) {
            System.arraycopy(boxes, 4 * keep[i], b, 4 * i, 4);
            s[i] = scores[keep[i]];
        }
        return new Proposals(b, s);
    }

    @Benchmark
    public int[] nms() {
        int f = frame++ % FRAMES;
        return Nms.nms(candidateBoxes[f], candidateScores[f], 0.7, KEEP);
    }

    @Benchmark
    public Tracker.Step settingsAndTracks() {
        int f = frame++ % FRAMES;
        if (f == 0) {
            state = new TrackerState();
        }
        float[][] selected = ProposalSelection.select(proposals[f], 1, 1, settings, 0, 0);
        return Tracker.step(state, selected, settings.tracks(), settings.zones());
    }
}
