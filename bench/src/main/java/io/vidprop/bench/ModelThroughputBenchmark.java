package io.vidprop.bench;

import ai.djl.Device;
import io.vidprop.image.RgbImage;
import io.vidprop.model.ProposalModel;
import io.vidprop.rpn.Proposals;
import io.vidprop.synth.SceneConfig;
import io.vidprop.synth.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of a model on the CPU: batches of 8 decoded 720p frames (synthetic scenes) through resizing to the
 * model's input size, the network, and proposal filtering. Score: frames per second. {@code -p model=DIR} measures
 * another model; the default is the built-in one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ModelThroughputBenchmark {
    static final int BATCH = 8;

    @Param({"builtin"})
    public String model;

    private ProposalModel proposalModel;
    private List<RgbImage> frames;

    @Setup
    public void setup() throws IOException {
        proposalModel = model.equals("builtin") ? ProposalModel.loadDefault(Device.cpu())
                : ProposalModel.load(Path.of(model), Device.cpu());
        SyntheticDataset data = new SyntheticDataset(5, SceneConfig.builder().size(1280, 720).build());
        frames = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            frames.add(data.frame(SyntheticDataset.Split.TEST, i * 7L).image());
        }
    }

    @TearDown
    public void close() {
        proposalModel.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<Proposals> batchOf8() {
        return proposalModel.propose(frames);
    }
}
