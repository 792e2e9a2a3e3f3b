package io.vidprop.bench;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where {@code tools/rpn_fixtures.py --time} wrote the bench loads and torchvision's timings. */
final class BenchFiles {
    /** System property naming the results folder; relative paths resolve against the working directory. */
    static final String RESULTS_PROPERTY = "vidprop.bench.results";
    static final String DEFAULT_RESULTS = "bench/results";

    private BenchFiles() {}

    static Path resultsDir() {
        return Path.of(System.getProperty(RESULTS_PROPERTY, DEFAULT_RESULTS));
    }

    /** A file of the results folder, which must exist. */
    static Path require(Path dir, String name) throws FileNotFoundException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException(file.toAbsolutePath() + " is missing: write it with "
                    + "'/usr/bin/python3 tools/rpn_fixtures.py --time --out " + dir + "' (the results folder is -D"
                    + RESULTS_PROPERTY + ", default " + DEFAULT_RESULTS + ")");
        }
        return file;
    }
}
