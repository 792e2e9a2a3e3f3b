package io.vidprop.eval;

import io.vidprop.rpn.BoxIou;
import io.vidprop.rpn.Proposals;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where each ground-truth box stands in its frame's ranking: the best IoU among the top 10, 50 and 300 proposals, and
 * the rank (1-based) of the first proposal that finds it at IoU 0.5. Says which objects a model misses, and whether
 * it misses them by ranking or by localisation, where {@link RecallEvaluator} gives only the fractions.
 */
public final class BoxRanks {
    public static final double FOUND_IOU = 0.5;
    private static final int[] TOP = {10, 50, 300};

    /** One ground-truth box; {@code firstRank} is 0 when no proposal reaches IoU 0.5. */
    public record Entry(long frame, float x1, float y1, float x2, float y2, float[] bestIou, int firstRank) {}

    private final List<Entry> entries = new ArrayList<>();

    /** Adds frame {@code frame}'s boxes ({@code x1, y1, x2, y2} each) against its proposals, best first. */
    public void add(long frame, Proposals proposals, float[] gtBoxes) {
        for (int g = 0; g < gtBoxes.length / 4; g++) {
            float[] best = new float[TOP.length];
            float running = 0f;
            int firstRank = 0;
            for (int i = 0; i < proposals.size(); i++) {
                float iou = BoxIou.iou(proposals.boxes(), 4 * i, gtBoxes, 4 * g);
                running = Math.max(running, iou);
                if (firstRank == 0 && iou >= FOUND_IOU) {
                    firstRank = i + 1;
                }
                for (int t = 0; t < TOP.length; t++) {
                    if (i < TOP[t]) {
                        best[t] = running;
                    }
                }
            }
            entries.add(new Entry(frame, gtBoxes[4 * g], gtBoxes[4 * g + 1], gtBoxes[4 * g + 2], gtBoxes[4 * g + 3],
                    best, firstRank));
        }
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Boxes that no proposal finds at IoU 0.5 within the first {@code k}. */
    public int missedWithin(int k) {
        int missed = 0;
        for (Entry e : entries) {
            if (e.firstRank == 0 || e.firstRank > k) {
                missed++;
            }
        }
        return missed;
    }

    /** A CSV file, a line per box in the order added. */
    public void writeCsv(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("frame,x1,y1,x2,y2,best_iou_top10,best_iou_top50,best_iou_top300,first_rank_iou_0.5\n");
            for (Entry e : entries) {
                w.write(String.format(Locale.ROOT, "%d,%.1f,%.1f,%.1f,%.1f,%.3f,%.3f,%.3f,%s%n", e.frame, e.x1, e.y1,
                        e.x2, e.y2, e.bestIou[0], e.bestIou[1], e.bestIou[2],
                        e.firstRank == 0 ? "" : Integer.toString(e.firstRank)));
            }
        }
    }
}
