package io.vidprop.bench;

import io.vidprop.rpn.Nms;
import io.vidprop.vpt.VptFile;
import java.io.IOException;
import java.util.Arrays;
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

/** Plain greedy NMS (IoU 0.7, run to the end) on the random box sets torchvision.ops.nms is timed on. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NmsBenchmark {
    @Param({"2000", "6000", "12000"})
    public int boxes;

    private float[] coordinates;
    private float[] scores;

    @Setup
    public void setup() throws IOException {
        VptFile f = VptFile.read(BenchLoads.load("nms_" + boxes));
        coordinates = f.floats("boxes");
        scores = f.floats("scores");
        int[] expected = f.ints("keep");
        if (!Arrays.equals(expected, nms())) {
            throw new IllegalStateException("NMS on " + boxes + " boxes differs from torchvision.ops.nms");
        }
    }

    @Benchmark
    public int[] nms() {
        return Nms.nms(coordinates, scores, 0.7);
    }
}
