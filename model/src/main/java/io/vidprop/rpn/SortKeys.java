package io.vidprop.rpn;

/**
 * Packs a float and an index into one {@code long} so that ascending order of the keys is descending order of the
 * values, ties broken by ascending index. Sorting such keys with {@link java.util.Arrays#sort(long[])} gives a
 * stable descending sort over primitives, without boxing or comparators.
 */
final class SortKeys {
    private SortKeys() {}

    static long descending(float value, int index) {
        int bits = Float.floatToRawIntBits(value);
        bits ^= (bits >> 31) & 0x7fffffff; // order-preserving map of float bits onto signed ints
        return ((long) ~bits << 32) | (index & 0xffffffffL);
    }

    static int index(long key) {
        return (int) key;
    }

    static float value(long key) {
        int bits = ~(int) (key >>> 32);
        bits ^= (bits >> 31) & 0x7fffffff;
        return Float.intBitsToFloat(bits);
    }
}
