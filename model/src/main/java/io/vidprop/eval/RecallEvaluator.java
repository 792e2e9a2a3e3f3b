package io.vidprop.eval;

import io.vidprop.rpn.BoxIou;
import io.vidprop.rpn.Proposals;
import io.vidprop.train.LineChart;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Proposal recall: the fraction of ground-truth boxes matched by at least one of an image's top-k proposals with IoU
 * at or above a threshold, for k = 10, 50, 100, 300; and average recall (AR) over IoU 0.50:0.05:0.95.
 */
public final class RecallEvaluator {
    public static final int[] TOP_K = {10, 50, 100, 300};
    public static final double[] IOU_RANGE = {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};

    /** For each ground-truth box seen so far, its best IoU among the top-k proposals, per k. */
    private final List<float[]> bestIou = new ArrayList<>();
    private final BoxRanks ranks;
    private long images;

    public RecallEvaluator() {
        this(null);
    }

    private RecallEvaluator(BoxRanks ranks) {
        this.ranks = ranks;
    }

    /** An evaluator that also records where each box stands in its frame's ranking ({@link #boxRanks()}). */
    public static RecallEvaluator withBoxRanks() {
        return new RecallEvaluator(new BoxRanks());
    }

    /** Adds an image's proposals (best first) and ground-truth boxes, as frame number {@link #images()}. */
    public void add(Proposals proposals, float[] gtBoxes) {
        add(images, proposals, gtBoxes);
    }

    /** Adds frame {@code frame}'s proposals (best first) and ground-truth boxes ({@code x1, y1, x2, y2} each). */
    public void add(long frame, Proposals proposals, float[] gtBoxes) {
        images++;
        int top = TOP_K[TOP_K.length - 1];
        for (int g = 0; g < gtBoxes.length / 4; g++) {
            float[] best = new float[TOP_K.length];
            float running = 0f;
            int next = 0;
            int firstRank = 0;
            // Past the largest k only a box's first finding rank is still sought.
            for (int i = 0; i < proposals.size() && (i < top || (ranks != null && firstRank == 0)); i++) {
                float iou = BoxIou.iou(proposals.boxes(), 4 * i, gtBoxes, 4 * g);
                running = Math.max(running, iou);
                if (firstRank == 0 && iou >= BoxRanks.FOUND_IOU) {
                    firstRank = i + 1;
                }
                while (next < TOP_K.length && i + 1 == TOP_K[next]) {
                    best[next++] = running;
                }
            }
            while (next < TOP_K.length) {
                best[next++] = running;
            }
            bestIou.add(best);
            if (ranks != null) {
                ranks.add(new BoxRanks.Entry(frame, gtBoxes[4 * g], gtBoxes[4 * g + 1], gtBoxes[4 * g + 2],
                        gtBoxes[4 * g + 3], best, firstRank));
            }
        }
    }

    /** Each box's best IoU per k and first finding rank, for an evaluator made by {@link #withBoxRanks()}. */
    public BoxRanks boxRanks() {
        if (ranks == null) {
            throw new IllegalStateException("this evaluator records no box ranks: make it with withBoxRanks()");
        }
        return ranks;
    }

    /** Adds another evaluator's images and boxes to this one. */
    public void addAll(RecallEvaluator other) {
        images += other.images;
        bestIou.addAll(other.bestIou);
    }

    public long images() {
        return images;
    }

    public int boxes() {
        return bestIou.size();
    }

    /** Recall of the top k proposals (k one of {@link #TOP_K}) at an IoU threshold. */
    public double recall(int k, double iou) {
        int column = column(k);
        if (bestIou.isEmpty()) {
            return Double.NaN;
        }
        int hit = 0;
        for (float[] best : bestIou) {
            if (best[column] >= iou) {
                hit++;
            }
        }
        return (double) hit / bestIou.size();
    }

    /** Average recall over IoU 0.5:0.05:0.95 for the top k. */
    public double averageRecall(int k) {
        double sum = 0;
        for (double t : IOU_RANGE) {
            sum += recall(k, t);
        }
        return sum / IOU_RANGE.length;
    }

    static int column(int k) {
        for (int c = 0; c < TOP_K.length; c++) {
            if (TOP_K[c] == k) {
                return c;
            }
        }
        throw new IllegalArgumentException("recall is kept for the top " + java.util.Arrays.toString(TOP_K)
                + " proposals, not " + k);
    }

    /** A Markdown table of recall at IoU 0.5 and 0.7 per k, and AR@100, AR@300. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%d images, %d ground-truth boxes%n%n", images, boxes()));
        sb.append("| proposals | recall@0.5 | recall@0.7 | AR (0.5:0.95) |\n|---:|---:|---:|---:|\n");
        for (int k : TOP_K) {
            sb.append(String.format("| %d | %.4f | %.4f | %.4f |%n", k, recall(k, 0.5), recall(k, 0.7),
                    averageRecall(k)));
        }
        return sb.toString();
    }

    /** Recall against IoU threshold (0.5 to 0.95) for each k. */
    public void writeRecallCurve(Path png) throws IOException {
        int points = 46;
        double[] x = new double[points];
        for (int i = 0; i < points; i++) {
            x[i] = 0.5 + i * 0.01;
        }
        LineChart chart = new LineChart("Proposal recall against IoU", "IoU threshold", "recall");
        for (int k : TOP_K) {
            double[] y = new double[points];
            for (int i = 0; i < points; i++) {
                y[i] = recall(k, x[i]);
            }
            chart.add("top " + k, x, y);
        }
        chart.write(png);
    }
}
