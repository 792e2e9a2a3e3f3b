package io.vidprop.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vidprop.rpn.Proposals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoxRanksTest {
    @TempDir
    Path dir;

    private static Proposals proposals(int[] at, float[][] boxes) {
        return proposals(60, at, boxes);
    }

    /** {@code count} proposals far from everything, with the given boxes put at the given 0-based positions. */
    private static Proposals proposals(int count, int[] at, float[][] boxes) {
        float[] b = new float[4 * count];
        for (int i = 0; i < count; i++) {
            b[4 * i] = 1000 + i;
            b[4 * i + 1] = 1000;
            b[4 * i + 2] = 1010 + i;
            b[4 * i + 3] = 1010;
        }
        for (int k = 0; k < at.length; k++) {
            System.arraycopy(boxes[k], 0, b, 4 * at[k], 4);
        }
        return new Proposals(b, new float[count]);
    }

    @Test
    void eachBoxGetsItsBestIouPerTopKAndTheRankThatFirstFindsIt() throws Exception {
        // Box A: IoU 0.5 at rank 4 (a box twice its height), exact at rank 12. Box B: IoU 0.25 at rank 2, IoU 0.6
        // at rank 40. Box C: nothing near it.
        Proposals p = proposals(new int[] {3, 11, 1, 39}, new float[][] {
                {0, 0, 10, 20}, {0, 0, 10, 10}, {100, 100, 105, 105}, {100, 100, 106, 110}});
        RecallEvaluator recall = RecallEvaluator.withBoxRanks();
        recall.add(7, p, new float[] {0, 0, 10, 10, 100, 100, 110, 110, 500, 500, 510, 510});
        BoxRanks ranks = recall.boxRanks();

        List<BoxRanks.Entry> e = ranks.entries();
        assertEquals(3, e.size());
        assertArrayEquals(new float[] {0.5f, 1f, 1f, 1f}, e.get(0).bestIou(), 1e-6f);
        assertEquals(4, e.get(0).firstRank());
        assertArrayEquals(new float[] {0.25f, 0.6f, 0.6f, 0.6f}, e.get(1).bestIou(), 1e-6f);
        assertEquals(40, e.get(1).firstRank());
        assertArrayEquals(new float[] {0f, 0f, 0f, 0f}, e.get(2).bestIou(), 0f);
        assertEquals(0, e.get(2).firstRank());
        assertEquals(7, e.get(2).frame());
        assertEquals(2, ranks.missedWithin(10));
        assertEquals(1, ranks.missedWithin(50));

        Path csv = dir.resolve("sub/ranks.csv");
        ranks.writeCsv(csv);
        assertEquals(List.of(
                "frame,x1,y1,x2,y2,best_iou_top10,best_iou_top50,best_iou_top300,first_rank_iou_0.5",
                "7,0.0,0.0,10.0,10.0,0.500,1.000,1.000,4",
                "7,100.0,100.0,110.0,110.0,0.250,0.600,0.600,40",
                "7,500.0,500.0,510.0,510.0,0.000,0.000,0.000,"), Files.readAllLines(csv));
    }

    @Test
    void boxesMissedWithinTheTopKAgreeWithRecall() {
        Proposals p = proposals(new int[] {0, 20}, new float[][] {{0, 0, 10, 10}, {100, 100, 106, 110}});
        float[] gt = {0, 0, 10, 10, 100, 100, 110, 110, 500, 500, 510, 510};
        RecallEvaluator recall = RecallEvaluator.withBoxRanks();
        recall.add(p, gt);
        BoxRanks ranks = recall.boxRanks();
        for (int k : new int[] {10, 50, 300}) {
            assertEquals(recall.recall(k, BoxRanks.FOUND_IOU), 1 - ranks.missedWithin(k) / 3.0, 1e-9, "top " + k);
        }
        assertEquals(0, ranks.entries().get(0).frame(), "frames are numbered in the order added");
    }

    @Test
    void aBoxFirstFoundPastTheLargestTopKStillGetsItsRank() {
        RecallEvaluator recall = RecallEvaluator.withBoxRanks();
        recall.add(proposals(400, new int[] {349}, new float[][] {{0, 0, 10, 10}}), new float[] {0, 0, 10, 10});
        assertEquals(350, recall.boxRanks().entries().get(0).firstRank());
        assertEquals(0.0, recall.recall(300, BoxRanks.FOUND_IOU));
    }

    @Test
    void anEvaluatorMadeWithoutBoxRanksSaysSo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new RecallEvaluator().boxRanks());
        assertEquals("this evaluator records no box ranks: make it with withBoxRanks()", e.getMessage());
    }
}
