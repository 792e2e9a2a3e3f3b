package io.vidprop.bench;

import ai.djl.Device;
import io.vidprop.decode.FrameDecoder;
import io.vidprop.image.RgbImage;
import io.vidprop.model.ProposalModel;
import io.vidprop.operators.ProposalSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one more loaded model costs in memory: loads distinct copies of a model ({@link ModelCopies}) one after the
 * other, as the proposal operator keeps cameras' models loaded, runs each once on a batch of eight decoded 1280x720
 * frames, and prints the process's resident memory and the Java heap in use (after a full collection) at 1, 2, 4, 8
 * and 16 models loaded, and the cost of each model beyond the first.
 *
 * <p>Arguments: {@code [--model DIR] [--copies 16]}.
 */
public final class ModelMemoryBenchmark {
    private ModelMemoryBenchmark() {}

    public static void main(String[] argv) throws Exception {
        String model = null;
        int copies = 16;
        for (int i = 0; i + 1 < argv.length; i += 2) {
            switch (argv[i]) {
                case "--model" -> model = argv[i + 1];
                case "--copies" -> copies = Integer.parseInt(argv[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + argv[i]);
            }
        }
        Path dir = Files.createTempDirectory("vidprop-model-memory-");
        List<Path> paths = ModelCopies.write(dir, model, copies);
        byte[][] jpegs = FramePool.render(1)[0];
        List<ProposalModel> loaded = new ArrayList<>();
        StringBuilder table = new StringBuilder("| models loaded | resident memory (MB) | Java heap after GC (MB) |\n"
                + "|---:|---:|---:|\n");
        double rss1 = 0;
        double heap1 = 0;
        double rssN = 0;
        double heapN = 0;
        for (int i = 0; i < copies; i++) {
            ProposalModel m = ProposalModel.load(paths.get(i), Device.cpu());
            loaded.add(m);
            FrameDecoder decoder = new FrameDecoder(ProposalSettings.DEFAULT_MAX_PIXELS, m.config().input.minSize,
                    m.config().input.maxSize);
            List<RgbImage> batch = new ArrayList<>();
            for (int f = 0; f < 8; f++) {
                batch.add(decoder.decode(jpegs[f % jpegs.length]).image());
            }
            m.propose(batch);
            int n = i + 1;
            if (Integer.bitCount(n) == 1 || n == copies) {
                double rss = ModelCopies.rssMb();
                double heap = ModelCopies.heapAfterGcMb();
                if (n == 1) {
                    rss1 = rss;
                    heap1 = heap;
                }
                rssN = rss;
                heapN = heap;
                table.append(String.format(Locale.ROOT, "| %d | %.0f | %.1f |%n", n, rss, heap));
                System.out.printf(Locale.ROOT, "%d model(s) loaded: resident %.0f MB, heap %.1f MB%n", n, rss, heap);
            }
        }
        table.append(String.format(Locale.ROOT, "%neach model beyond the first: %.1f MB resident, %.2f MB of heap "
                + "(%s, %d copies, each run on a batch of 8 decoded 1280x720 frames)%n", (rssN - rss1) / (copies - 1),
                (heapN - heap1) / (copies - 1), model == null ? "the shipped model" : model, copies));
        System.out.println();
        System.out.print(table);
        for (ProposalModel m : loaded) {
            m.close();
        }
        System.exit(0);
    }
}
