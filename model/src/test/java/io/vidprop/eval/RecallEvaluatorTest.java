package io.vidprop.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vidprop.rpn.Proposals;
import org.junit.jupiter.api.Test;

class RecallEvaluatorTest {
    @Test
    void recallCountsBoxesMatchedWithinTheTopK() {
        RecallEvaluator e = new RecallEvaluator();
        float[] boxes = new float[4 * 60];
        float[] scores = new float[60];
        for (int i = 0; i < 60; i++) {
            boxes[4 * i] = 1000 + i; // far from everything
            boxes[4 * i + 1] = 1000;
            boxes[4 * i + 2] = 1010 + i;
            boxes[4 * i + 3] = 1010;
        }
        // Proposal 5 matches box A exactly; proposal 20 overlaps box B with IoU 0.6.
        System.arraycopy(new float[] {0, 0, 10, 10}, 0, boxes, 20, 4);
        System.arraycopy(new float[] {100, 100, 106, 110}, 0, boxes, 80, 4);
        e.add(new Proposals(boxes, scores), new float[] {0, 0, 10, 10, 100, 100, 110, 110, 500, 500, 510, 510});
        assertEquals(3, e.boxes());
        assertEquals(1.0 / 3, e.recall(10, 0.7), 1e-9);
        assertEquals(2.0 / 3, e.recall(50, 0.5), 1e-9);
        assertEquals(1.0 / 3, e.recall(50, 0.7), 1e-9);
        // AR@50: box A counts at all 10 thresholds, box B at 0.5, 0.55 and 0.6.
        assertEquals((10 + 3) / 30.0, e.averageRecall(50), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> e.recall(20, 0.5));
    }
}
