package io.vidprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.batch.BatchJobOptions;
import io.vidprop.batch.BatchOptions;
import io.vidprop.job.ClusterEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `vidprop batch --jobmanager` before it reaches a cluster: the arguments the cluster entry gets, clear errors. */
class BatchCommandTest {
    static SubmitCommandTest.Result vidprop(String... args) {
        return SubmitCommandTest.vidprop(args);
    }

    @Test
    void theBatchOptionsGoToTheClusterEntryAsArgumentsThatItParsesToTheSameOptions() throws Exception {
        CommandLine cl = Vidprop.commandLine();
        cl.parseArgs("batch", "--jobmanager", "flink:8081", "--detach", "--video", "/a/one.mp4", "s3://bucket/archive/",
                "--video", "/b/**/*.mkv", "--camera", "one", "--camera", "two", "--camera", "three",
                "--out-dir", "s3://bucket/out", "--split-seconds", "20", "--parallelism", "2", "--every", "3",
                "--start", "1.5", "--end", "90", "--epoch-ms", "1700000000000", "--fail-on-damaged", "--pad-batches",
                "--model", "/models/m", "--batch-size", "4", "--part-size-mb", "64", "--bootstrap-servers", "kafka:9093");
        BatchCommand batch = cl.getSubcommands().get("batch").getCommand();
        List<String> args = batch.job.asArguments();
        for (String clientOnly : List.of("--jobmanager", "--detach", "--jar", "--out", "--progress-interval-s",
                "--kafka-properties", "--help", "--version")) {
            assertTrue(!args.contains(clientOnly), clientOnly + " is the client's: " + args);
        }
        assertEquals(List.of("--video", "/a/one.mp4", "--video", "s3://bucket/archive/", "--video", "/b/**/*.mkv"),
                pairs(args, "--video"), "one --video per element, in order");
        assertTrue(args.contains("--fail-on-damaged") && args.contains("--pad-batches"), "flags go bare: " + args);

        List<String> entryArgs = new ArrayList<>(List.of("batch"));
        entryArgs.addAll(args);
        CommandLine entry = ClusterEntry.commandLine(StreamExecutionEnvironment.getExecutionEnvironment());
        CommandLine.ParseResult parsed = entry.parseArgs(entryArgs.toArray(String[]::new));
        BatchJobOptions onCluster = parsed.subcommand().commandSpec().commandLine()
                .<ClusterEntry.Batch>getCommand().options();
        BatchOptions expected = batch.job.options();
        BatchOptions actual = onCluster.options();
        assertEquals(expected, actual);
        assertEquals(List.of("/a/one.mp4", "s3://bucket/archive/", "/b/**/*.mkv"), actual.source().inputs());
        assertEquals(List.of("one", "two", "three"), actual.source().cameras());
        assertEquals(3, actual.source().every());
        assertEquals(20.0, actual.source().splitSeconds());
        assertEquals(2, actual.parallelism());
        assertEquals("/models/m", actual.proposals().modelPath());
        assertTrue(actual.proposals().padBatches() && actual.source().failOnDamaged());
        assertEquals(args, onCluster.asArguments(), "parsed again, the same arguments");
    }

    @Test
    void relativeLocalPathsAreMadeAbsoluteForTheClusterAndUrisStayAsTheyAre() throws Exception {
        CommandLine cl = Vidprop.commandLine();
        cl.parseArgs("batch", "--video", "archive", "./more/*.mp4", "/abs/x.mp4", "s3://b/k", "file:///srv/a",
                "--out-dir", "out");
        BatchCommand batch = cl.getSubcommands().get("batch").getCommand();
        batch.job.resolveAgainst(Path.of("/work/dir"));
        List<String> args = batch.job.asArguments();
        assertEquals(List.of("--video", "/work/dir/archive", "--video", "/work/dir/more/*.mp4", "--video",
                "/abs/x.mp4", "--video", "s3://b/k", "--video", "file:///srv/a"), pairs(args, "--video"));
        assertEquals(List.of("--out-dir", "/work/dir/out"), pairs(args, "--out-dir"));
    }

    @Test
    void clusterRunsNeedAClusterSideOutputAndClientOptionsNeedACluster() {
        assertEquals(new SubmitCommandTest.Result(2, "vidprop batch: with --jobmanager give --out-dir DIR|URI or --proposals-topic T: "
                        + "the cluster writes the output"),
                vidprop("batch", "--jobmanager", "127.0.0.1:1", "--video", "/a.mp4"));
        assertEquals(new SubmitCommandTest.Result(2, "vidprop batch: --out is for runs in this process: with --jobmanager give "
                        + "--out-dir or --proposals-topic, written by the cluster"),
                vidprop("batch", "--jobmanager", "127.0.0.1:1", "--video", "/a.mp4", "--out", "p.jsonl"));
        assertEquals(new SubmitCommandTest.Result(2, "vidprop batch: --detach needs --jobmanager"),
                vidprop("batch", "--video", "/a.mp4", "--detach", "--out-dir", "/o"));
        assertEquals(new SubmitCommandTest.Result(2, "vidprop batch: give one of --out, --out-dir and --proposals-topic"),
                vidprop("batch", "--video", "/a.mp4", "--out", "p.jsonl", "--out-dir", "/o"));
    }

    /** The option's occurrences in {@code args}, each with its value. */
    static List<String> pairs(List<String> args, String option) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals(option)) {
                out.add(option);
                out.add(args.get(i + 1));
            }
        }
        return out;
    }
}
