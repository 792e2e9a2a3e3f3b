package io.vidprop.bench;

import ai.djl.Device;
import io.vidprop.decode.FrameDecoder;
import io.vidprop.image.RgbImage;
import io.vidprop.model.ProposalModel;
import io.vidprop.operators.ProposalSettings;
import io.vidprop.rpn.Proposals;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The pipeline benchmark's reference: the proposal operator's decode + model + NMS loop run directly in this process,
 * without Kafka or Flink, with the operator's batch size, threading and parallelism.
 */
final class DirectLoop {
    private final String model;
    private final int batchSize;
    private final int parallelism;
    private final boolean inferenceThread;
    private final PrintStream out;

    DirectLoop(String model, int batchSize, int parallelism, boolean inferenceThread, PrintStream out) {
        this.model = model;
        this.batchSize = batchSize;
        this.parallelism = parallelism;
        this.inferenceThread = inferenceThread;
        this.out = out;
    }

    private ProposalModel loadModel() throws IOException {
        return model == null ? ProposalModel.loadDefault(Device.cpu()) : ProposalModel.load(Path.of(model), Device.cpu());
    }

    /** What one direct loop did. */
    private record DirectRun(long proposals, long decodeNanos, long modelNanos) {}

    /**
     * Decode + model + NMS in batches, as the operator does, without Kafka or Flink: in one thread, or with
     * {@code --parallelism N} in N threads with a model each, the frames split as the job's keyBy would split cameras.
     */
    double run(List<Published> input) throws Exception {
        List<List<Published>> shares = new ArrayList<>();
        for (int t = 0; t < parallelism; t++) {
            shares.add(new ArrayList<>());
        }
        for (Published p : input) {
            shares.get(Math.floorMod(p.camera().hashCode(), parallelism)).add(p);
        }
        List<ProposalModel> models = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(parallelism);
        try {
            for (int t = 0; t < parallelism; t++) {
                models.add(loadModel());
            }
            runShares(threads, models, shares, 4 * batchSize);
            long t0 = System.nanoTime();
            List<DirectRun> runs = runShares(threads, models, shares, Integer.MAX_VALUE);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double fps = input.size() / seconds;
            out.printf("direct loop (%d thread(s)): %d frames in %.2f s = %.1f frames/s (decode %.2f ms, model + NMS "
                    + "%.2f ms per frame and thread; %.1f proposals per frame)%n", parallelism, input.size(), seconds,
                    fps, runs.stream().mapToLong(DirectRun::decodeNanos).sum() / 1e6 / input.size(),
                    runs.stream().mapToLong(DirectRun::modelNanos).sum() / 1e6 / input.size(),
                    runs.stream().mapToLong(DirectRun::proposals).sum() / (double) input.size());
            return fps;
        } finally {
            threads.shutdown();
            models.forEach(ProposalModel::close);
        }
    }

    private List<DirectRun> runShares(ExecutorService threads, List<ProposalModel> models,
            List<List<Published>> shares, int limit) throws Exception {
        List<Future<DirectRun>> futures = new ArrayList<>();
        for (int t = 0; t < shares.size(); t++) {
            ProposalModel m = models.get(t);
            List<Published> share = shares.get(t).subList(0, Math.min(limit, shares.get(t).size()));
            futures.add(threads.submit(() -> runDirect(m, share)));
        }
        List<DirectRun> runs = new ArrayList<>();
        for (Future<DirectRun> f : futures) {
            runs.add(f.get());
        }
        return runs;
    }

    private DirectRun runDirect(ProposalModel m, List<Published> input) throws Exception {
        FrameDecoder decoder = new FrameDecoder(ProposalSettings.DEFAULT_MAX_PIXELS, m.config().input.minSize,
                m.config().input.maxSize);
        // As the operator: with an inference thread, the next batch is decoded while the model runs the last one.
        ExecutorService inference = inferenceThread ? Executors.newSingleThreadExecutor() : null;
        long decodeNanos = 0;
        long[] modelNanos = {0};
        long[] proposals = {0};
        Future<?> inFlight = null;
        try {
            List<RgbImage> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < input.size(); i++) {
                long t0 = System.nanoTime();
                batch.add(decoder.decode(input.get(i).jpeg()).image());
                decodeNanos += System.nanoTime() - t0;
                if (batch.size() == batchSize || i == input.size() - 1) {
                    List<RgbImage> images = List.copyOf(batch);
                    batch.clear();
                    Runnable run = () -> {
                        long t1 = System.nanoTime();
                        for (Proposals p : m.propose(images)) {
                            proposals[0] += p.size();
                        }
                        modelNanos[0] += System.nanoTime() - t1;
                    };
                    if (inFlight != null) {
                        inFlight.get();
                    }
                    if (inference != null) {
                        inFlight = inference.submit(run);
                    } else {
                        run.run();
                    }
                }
            }
            if (inFlight != null) {
                inFlight.get();
            }
        } finally {
            if (inference != null) {
                inference.shutdown();
            }
        }
        return new DirectRun(proposals[0], decodeNanos, modelNanos[0]);
    }
}
