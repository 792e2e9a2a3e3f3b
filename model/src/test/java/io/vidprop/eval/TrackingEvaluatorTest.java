package io.vidprop.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TrackingEvaluatorTest {
    private static final float[] A = {0, 0, 10, 10};
    private static final float[] B = {50, 50, 60, 60};
    private static final float[] AB = {0, 0, 10, 10, 50, 50, 60, 60};

    @Test
    void aPerfectTrackerScoresOneWithNoSwitches() {
        TrackingEvaluator e = new TrackingEvaluator(0.5f);
        for (int f = 0; f < 10; f++) {
            e.add(AB, new int[] {1, 2}, AB, new long[] {7, 8});
        }
        TrackingEvaluator.Result r = e.result();
        assertEquals(1.0, r.idf1(), 1e-12);
        assertEquals(0, r.idSwitches());
        assertEquals(20, r.idtp());
    }

    @Test
    void anIdentityTakenOverHalfWayIsOneSwitchAndHalfTheIdentityTruePositives() {
        TrackingEvaluator e = new TrackingEvaluator(0.5f);
        for (int f = 0; f < 10; f++) {
            e.add(A, new int[] {1}, A, new long[] {f < 5 ? 7 : 9});
        }
        TrackingEvaluator.Result r = e.result();
        assertEquals(1, r.idSwitches());
        assertEquals(5, r.idtp(), "object 1 can be given to track 7 or 9, not both");
        assertEquals(2.0 * 5 / 20, r.idf1(), 1e-12);
    }

    @Test
    void missedAndFalseBoxesCountAgainstIdf1() {
        TrackingEvaluator e = new TrackingEvaluator(0.5f);
        e.add(AB, new int[] {1, 2}, A, new long[] {7});             // B missed
        e.add(A, new int[] {1}, AB, new long[] {7, 8});             // 8 is a false track
        TrackingEvaluator.Result r = e.result();
        assertEquals(2, r.idtp());
        assertEquals(2.0 * 2 / (3 + 3), r.idf1(), 1e-12);
    }

    @Test
    void theHungarianAssignmentIsTheBestOneOnRandomMatrices() {
        Random random = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(6);
            long[][] gain = new long[n][n];
            for (long[] row : gain) {
                for (int j = 0; j < n; j++) {
                    row[j] = random.nextInt(4) == 0 ? 0 : random.nextInt(20);
                }
            }
            assertEquals(bruteForce(gain, 0, new boolean[n]), Hungarian.maxAssignment(gain), "trial " + trial);
        }
    }

    private static long bruteForce(long[][] gain, int row, boolean[] used) {
        if (row == gain.length) {
            return 0;
        }
        long best = Long.MIN_VALUE;
        for (int j = 0; j < gain.length; j++) {
            if (!used[j]) {
                used[j] = true;
                best = Math.max(best, gain[row][j] + bruteForce(gain, row + 1, used));
                used[j] = false;
            }
        }
        return best;
    }
}
