package io.vidprop.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs deploy/local's scripts against one run directory, as the multi-process cluster tests do. */
final class LocalClusterScripts {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private LocalClusterScripts() {}

    /** Starts {@code deploy/local/SCRIPT ARGS} with the run directory and {@code env}, its output to {@code output}. */
    static Process start(Path runDir, String script, Map<String, String> env, Path output, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("deploy/local/" + script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("VIDPROP_RUN_DIR", runDir.toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs a script to its end (at most two minutes), failing with its output unless it succeeds. */
    static void run(Path runDir, Path outputDir, String script, String... args) throws Exception {
        Path out = outputDir.resolve(script + ".out");
        Process p = start(runDir, script, Map.of(), out, args);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0, script + " " + List.of(args) + ": "
                + Files.readString(out));
    }
}
