package io.vidprop.bench;

import io.vidprop.rpn.Proposals;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the torchvision bench loads live, and the equality check every benchmark runs before timing. */
final class BenchLoads {
    private BenchLoads() {}

    /** {@code -Dvidprop.bench.results=DIR}, default {@code bench/results} (or {@code results} inside bench/). */
    static Path resultsDir() {
        String configured = System.getProperty("vidprop.bench.results");
        if (configured != null) {
            return Path.of(configured);
        }
        Path fromRoot = Path.of("bench", "results");
        return Files.isDirectory(fromRoot) ? fromRoot : Path.of("results");
    }

    static Path load(String name) {
        Path file = resultsDir().resolve(name + ".vpt.gz");
        if (!Files.exists(file)) {
            throw new IllegalStateException(file.toAbsolutePath() + " is missing: run bench/run-rpn-bench.sh, or "
                    + "/usr/bin/python3 tools/rpn_fixtures.py --time --out bench/results first");
        }
        return file;
    }

    static void requireEqual(String what, Proposals expected, Proposals actual) {
        if (expected.size() != actual.size()) {
            throw new IllegalStateException(what + ": " + actual.size() + " proposals, torchvision made "
                    + expected.size());
        }
        for (int i = 0; i < expected.size(); i++) {
            for (int k = 0; k < 4; k++) {
                if (!(Math.abs(expected.boxes()[4 * i + k] - actual.boxes()[4 * i + k]) <= 1e-3f)) {
                    throw new IllegalStateException(what + ": proposal " + i + " differs from torchvision's");
                }
            }
            if (!(Math.abs(expected.score(i) - actual.score(i)) <= 1e-5f)) {
                throw new IllegalStateException(what + ": score " + i + " differs from torchvision's");
            }
        }
    }
}
