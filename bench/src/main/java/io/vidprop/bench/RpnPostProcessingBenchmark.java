package io.vidprop.bench;

import io.vidprop.rpn.LevelPrediction;
import io.vidprop.rpn.Proposals;
import io.vidprop.rpn.RegionProposer;
import io.vidprop.vpt.RpnCase;
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
 * The RPN's post-processing (anchors, top-k, decoding, filtering, NMS) on the loads torchvision is timed on:
 * load A (1 level, 800x600, 9 anchors per location, pre 6000, post 300) and load B (5 FPN levels on 800x1216,
 * pre 1000 per level, post 1000). The output is checked against torchvision's before timing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RpnPostProcessingBenchmark {
    @Param({"load_a", "load_b"})
    public String load;

    private RegionProposer proposer;
    private LevelPrediction[] levels;
    private int[] tensor;
    private int[] image;

    @Setup
    public void setup() throws IOException {
        RpnCase c = RpnCase.read(BenchLoads.load(load));
        proposer = c.regionProposer();
        levels = c.levels(0);
        tensor = c.config().tensor;
        image = c.config().images[0];
        BenchLoads.requireEqual(load, c.expected(0), propose());
    }

    @Benchmark
    public Proposals propose() {
        return proposer.propose(levels, tensor[0], tensor[1], image[0], image[1]);
    }
}
