package io.vidprop.rpn;

/** In-place selection of the {@code k} smallest of an array of longs (introselect with a median-of-three pivot). */
final class LongSelect {
    private LongSelect() {}

    /**
     * Reorders {@code a[0..n)} so that its {@code k} smallest values occupy {@code a[0..k)}, in no particular order.
     * Expected O(n).
     */
    static void smallest(long[] a, int n, int k) {
        if (k <= 0 || k >= n) {
            return;
        }
        int lo = 0;
        int hi = n - 1;
        int target = k - 1;
        int budget = 2 * (32 - Integer.numberOfLeadingZeros(n)) + 8;
        while (hi > lo) {
            if (budget-- == 0) {
                java.util.Arrays.sort(a, lo, hi + 1);
                return;
            }
            int mid = (lo + hi) >>> 1;
            long pivot = medianOf3(a[lo], a[mid], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static long medianOf3(long a, long b, long c) {
        if (a < b) {
            return b < c ? b : Math.max(a, c);
        }
        return a < c ? a : Math.max(b, c);
    }
}
