package io.vidprop.eval;

import java.util.Arrays;

/** The one-to-one assignment of rows to columns of a square matrix with the largest total (Kuhn-Munkres, O(n^3)). */
final class Hungarian {
    private Hungarian() {}

    /** The largest sum of {@code gain[i][assigned(i)]} over a permutation. */
    static long maxAssignment(long[][] gain) {
        int n = gain.length;
        long max = 0;
        for (long[] row : gain) {
            for (long v : row) {
                max = Math.max(max, v);
            }
        }
        // Minimise cost = max - gain, with potentials u (rows) and v (columns), 1-based as in the classic formulation.
        long[] u = new long[n + 1];
        long[] v = new long[n + 1];
        int[] p = new int[n + 1];
        int[] way = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            long[] minv = new long[n + 1];
            Arrays.fill(minv, Long.MAX_VALUE);
            boolean[] used = new boolean[n + 1];
            do {
                used[j0] = true;
                int i0 = p[j0];
                long delta = Long.MAX_VALUE;
                int j1 = 0;
                for (int j = 1; j <= n; j++) {
                    if (!used[j]) {
                        long cur = (max - gain[i0 - 1][j - 1]) - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        long total = 0;
        for (int j = 1; j <= n; j++) {
            total += gain[p[j] - 1][j - 1];
        }
        return total;
    }
}
