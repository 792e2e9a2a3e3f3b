package io.vidprop.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Nms.nms} at IoU 0.7 on the random box sets that {@code tools/rpn_fixtures.py --time} also times
 * {@code torchvision.ops.nms} on. The kept indices are checked against torchvision's before anything is measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class NmsBenchmark {
    @Param({"2000", "6000", "12000"})
    public int boxes;

    private NmsLoad nmsLoad;

    @Setup
    public void setUp() throws IOException {
        nmsLoad = NmsLoad.read(BenchFiles.resultsDir(), boxes);
        nmsLoad.verify();
    }

    @Benchmark
    public int[] nms() {
        return nmsLoad.nms();
    }
}
