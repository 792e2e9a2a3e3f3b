package io.vidprop.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Sets a network's subnormal weights (non-zero, below {@link Float#MIN_NORMAL} = 1.2e-38 in magnitude) to zero.
 *
 * <p>Training with weight decay leaves many weights there (3% to 11% of the built-in network's in the models
 * shipped), and x86 CPUs take a slow path for every multiplication with a subnormal operand: the same network ran
 * 2.5 times faster on an Intel Xeon once they were zero (bench/README.md). libtorch's own switch for this
 * ({@code set_flush_denormal}) is not reachable through DJL. A subnormal weight times an activation is at most about
 * 1e-38, which no float32 sum of normal-sized terms keeps, so the network's outputs do not change.
 */
final class SubnormalWeights {
    private SubnormalWeights() {}

    /** Zeroes the subnormal float32 weights of {@code block}; returns how many there were. */
    static long flushToZero(Block block) {
        long flushed = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray array = p.getValue().getArray();
            if (array == null || array.getDataType() != DataType.FLOAT32) {
                continue;
            }
            float[] values = array.toFloatArray();
            int count = 0;
            for (int i = 0; i < values.length; i++) {
                float v = values[i];
                if (v != 0 && Math.abs(v) < Float.MIN_NORMAL) {
                    values[i] = 0;
                    count++;
                }
            }
            if (count > 0) {
                array.set(values);
                flushed += count;
            }
        }
        return flushed;
    }
}
