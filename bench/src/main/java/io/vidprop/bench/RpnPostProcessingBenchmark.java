package io.vidprop.bench;

import io.vidprop.rpn.Proposals;
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
 * The RPN's post-processing for one image (anchors, decoding, top-k, clipping, NMS, post-NMS top-n), on the loads
 * that {@code tools/rpn_fixtures.py --time} also times torchvision on. The output is checked against torchvision's
 * before anything is measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RpnPostProcessingBenchmark {
    @Param({"load_a", "load_b"})
    public String load;

    private RpnLoad rpnLoad;

    @Setup
    public void setUp() throws IOException {
        rpnLoad = RpnLoad.read(BenchFiles.resultsDir(), load);
        rpnLoad.verify();
    }

    @Benchmark
    public Proposals propose() {
        return rpnLoad.propose();
    }
}
