package io.vidprop.eval;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where each ground-truth box stands in its frame's ranking: the best IoU among the top k proposals (k of
 * {@link RecallEvaluator#TOP_K}), and the rank (1-based) of the first proposal that finds it at IoU 0.5. Says which
 * objects a model misses, and whether it misses them by ranking or by localisation, where {@link RecallEvaluator}
 * gives only the fractions; filled by an evaluator made with {@link RecallEvaluator#withBoxRanks()}.
 */
public final class BoxRanks {
    public static final double FOUND_IOU = 0.5;
    /** The top-k columns of the CSV file. */
    private static final int[] CSV_TOP = {10, 50, 300};

    /**
     * One ground-truth box: {@code bestIou} per k of {@link RecallEvaluator#TOP_K}; {@code firstRank} is 0 when no
     * proposal reaches IoU 0.5.
     */
    public record Entry(long frame, float x1, float y1, float x2, float y2, float[] bestIou, int firstRank) {
        /** The best IoU among the top {@code k} proposals, k one of {@link RecallEvaluator#TOP_K}. */
        public float bestIouWithin(int k) {
            return bestIou[RecallEvaluator.column(k)];
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    BoxRanks() {}

    void add(Entry e) {
        entries.add(e);
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
            StringBuilder header = new StringBuilder("frame,x1,y1,x2,y2");
            for (int k : CSV_TOP) {
                header.append(",best_iou_top").append(k);
            }
            w.write(header.append(",first_rank_iou_").append(FOUND_IOU).append('\n').toString());
            for (Entry e : entries) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%d,%.1f,%.1f,%.1f,%.1f", e.frame,
                        e.x1, e.y1, e.x2, e.y2));
                for (int k : CSV_TOP) {
                    line.append(String.format(Locale.ROOT, ",%.3f", e.bestIouWithin(k)));
                }
                line.append(',').append(e.firstRank == 0 ? "" : Integer.toString(e.firstRank)).append('\n');
                w.write(line.toString());
            }
        }
    }
}
