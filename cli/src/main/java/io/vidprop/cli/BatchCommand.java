package io.vidprop.cli;

import io.vidprop.batch.BatchJob;
import io.vidprop.batch.BatchJobOptions;
import io.vidprop.batch.BatchOptions;
import io.vidprop.batch.SortedOutput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vidprop batch}: the job's operators over an archive of video files in Flink's batch mode. */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {"Runs the streaming job's operators over an archive of video files (files, directories, glob "
                + "patterns; one camera per file) in Flink's BATCH execution mode, as fast as the machine allows. For "
                + "the same frames the proposals equal those of replay + run. Long files are cut into time ranges "
                + "read in parallel. Output: --out-dir (part files written by the job), --proposals-topic, or --out "
                + "(one file sorted by camera and sequence, dead letters in NAME.dead-letters.jsonl; the default)."})
final class BatchCommand implements Callable<Integer> {
    /** How many dead letters are printed; the rest are in the output. */
    static final int DEAD_LETTERS_SHOWN = 20;

    @Spec
    CommandSpec spec;

    @Mixin
    BatchJobOptions job;

    @Option(names = "--out", paramLabel = "FILE.jsonl", description = {"One JSON-lines file of proposal records sorted "
            + "by camera and sequence, dead letters in FILE.dead-letters.jsonl (default when neither --out-dir nor "
            + "--proposals-topic is given: proposals.jsonl). The job writes part files beside it, merged at the end "
            + "with memory independent of the archive's size."})
    Path out;

    @Override
    public Integer call() throws Exception {
        if (out != null && (job.outDir() != null || job.proposalsTopic() != null)) {
            throw new IllegalArgumentException("give one of --out, --out-dir and --proposals-topic");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (job.outDir() != null || job.proposalsTopic() != null) {
            BatchOptions options = job.options();
            if (options.kafka() != null) {
                String note = BatchTopicCheck.check(options);
                if (note != null) {
                    stdout.println("note: " + note);
                }
            }
            BatchJob.run(embedded(), options);
            stdout.println(options.outDir() != null ? "output in " + options.outDir()
                    : "proposal records published to " + job.proposalsTopic());
            return 0;
        }
        Path file = out != null ? out : Path.of("proposals.jsonl");
        Path parts = Files.createTempDirectory(file.toAbsolutePath().getParent() == null ? Path.of(".")
                : Files.createDirectories(file.toAbsolutePath().getParent()), ".vidprop-batch-");
        try {
            BatchJob.run(embedded(), job.builder().outDir(parts.toString()).build());
            SortedOutput.Counts counts = SortedOutput.merge(parts, file);
            Path deadLetters = SortedOutput.deadLetterFile(file);
            printDeadLetters(deadLetters, stdout);
            stdout.printf("%d proposal records in %s, %d dead letters in %s%n", counts.proposals(), file,
                    counts.deadLetters(), deadLetters);
        } finally {
            deleteRecursively(parts);
        }
        return 0;
    }

    private static StreamExecutionEnvironment embedded() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    private static void printDeadLetters(Path file, PrintWriter out) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int shown = 0;
            while ((line = r.readLine()) != null && shown++ < DEAD_LETTERS_SHOWN) {
                out.println("dead letter: " + line);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
