package io.vidprop.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.operators.ProposalSettings;
import io.vidprop.testing.SyntheticClips;
import io.vidprop.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch job on a MiniCluster over real video files: its output is the same whatever the split size and
 * parallelism, sampling keeps the file's frame numbers, and a file that is not a video becomes a dead letter while the
 * others are processed.
 */
class BatchJobTest {
    static final double FPS = 5;
    /** 24 s at 5 fps. */
    static final int LONG_FRAMES = 120;
    static final long EPOCH = 1_700_000_000_000L;

    @TempDir
    static Path tmp;
    static Path archive;
    static Path model;

    @BeforeAll
    static void archive() throws Exception {
        archive = tmp.resolve("archive");
        SyntheticClips.write(Files.createDirectories(archive.resolve("gate")).resolve("long.mp4"), 3, LONG_FRAMES, FPS,
                160, 96);
        SyntheticClips.write(archive.resolve("short.mkv"), 4, 17, FPS, 160, 96);
        model = TestModels.tinyRandom(tmp.resolve("model"), "batch-test");
    }

    /** Padded batches: proposals are bit-identical however frames are batched, as --pad-batches documents. */
    static BatchOptions.Builder options(String... videos) {
        return BatchOptions.builder().videos(List.of(videos)).epochMillis(EPOCH)
                .proposals(ProposalSettings.builder().modelPath(model.toString()).batchSize(4).padBatches(true).build());
    }

    record Output(List<ProposalRecord> proposals, List<JsonObject> deadLetters) {
        List<String> describe() {
            return proposals.stream().map(r -> r.cameraId + "#" + r.sequence + " t=" + r.captureTimestamp + " "
                    + r.width + "x" + r.height + " " + Arrays.deepToString(r.proposals)).toList();
        }
    }

    static Output run(BatchOptions.Builder options) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "out");
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        BatchOptions o = options.outDir(dir.toString()).build();
        BatchJob.run(StreamExecutionEnvironment.createLocalEnvironment(o.parallelism(), conf), o);
        try (Stream<Path> s = Files.walk(dir)) {
            List<String> hidden = s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
                    .filter(n -> !n.matches("(proposals|dead-letters)/([^./][^/]*/)+part-[^/]+\\.jsonl")).toList();
            assertEquals(List.of(), hidden, "only finished part files, one directory per camera");
        }
        Path sorted = tmp.resolve(dir.getFileName() + ".jsonl");
        SortedOutput.merge(dir, sorted);
        List<ProposalRecord> records = new ArrayList<>();
        for (String line : Files.readAllLines(sorted)) {
            records.add(ProposalRecord.fromJson(line));
        }
        List<JsonObject> dead = new ArrayList<>();
        for (String line : Files.readAllLines(SortedOutput.deadLetterFile(sorted))) {
            dead.add(JsonParser.parseString(line).getAsJsonObject());
        }
        return new Output(records, dead);
    }

    @Test
    void theOutputIsTheSameWhateverTheSplitSizeAndParallelism() throws Exception {
        Output whole = run(options(archive.toString()).splitSeconds(0));
        List<String> expected = new ArrayList<>();
        for (long s = 0; s < LONG_FRAMES; s++) {
            expected.add("gate/long#" + s + " t=" + (EPOCH + 200 * s));
        }
        for (long s = 0; s < 17; s++) {
            expected.add("short#" + s + " t=" + (EPOCH + 200 * s));
        }
        assertEquals(expected, whole.proposals().stream().map(r -> r.cameraId + "#" + r.sequence + " t="
                + r.captureTimestamp).toList(), "every frame once, numbered and timed as in the file");
        assertEquals(List.of(), whole.deadLetters());
        assertTrue(whole.proposals().stream().allMatch(r -> r.proposals.length > 0));

        for (int parallelism : new int[] {1, 2}) {
            for (double split : new double[] {5, 7}) {
                Output cut = run(options(archive.toString()).splitSeconds(split).parallelism(parallelism));
                assertEquals(whole.describe(), cut.describe(), "split " + split + " s at parallelism " + parallelism);
            }
        }
    }

    @Test
    void everyNthFrameKeepsTheFilesNumbers() throws Exception {
        Output all = run(options(archive.resolve("gate/long.mp4").toString()).splitSeconds(5));
        Output sampled = run(options(archive.resolve("gate/long.mp4").toString()).splitSeconds(5).every(7));
        assertEquals(LongStream.iterate(0, s -> s < LONG_FRAMES, s -> s + 7).boxed().toList(),
                sampled.proposals().stream().map(r -> r.sequence).toList());
        assertEquals(all.describe().stream().filter(d -> Long.parseLong(d.substring(d.indexOf('#') + 1,
                d.indexOf(' '))) % 7 == 0).toList(), sampled.describe());
    }

    @Test
    void aFileThatIsNotAVideoIsADeadLetterAndTheOthersAreProcessed() throws Exception {
        Path mixed = Files.createDirectories(tmp.resolve("mixed"));
        Files.copy(archive.resolve("short.mkv"), mixed.resolve("good.mkv"));
        Files.writeString(mixed.resolve("bad.mp4"), "this is not a video");
        Output out = run(options(mixed.toString()));
        assertEquals(17, out.proposals().size());
        assertTrue(out.proposals().stream().allMatch(r -> r.cameraId.equals("good")));
        assertEquals(1, out.deadLetters().size(), out.deadLetters().toString());
        JsonObject dead = out.deadLetters().get(0);
        assertEquals("bad", dead.get("cameraId").getAsString());
        assertTrue(dead.get("error").getAsString().matches(".*bad\\.mp4: not a readable video.*--fail-on-damaged.*"),
                dead.toString());

        IOException stopped = assertThrows(IOException.class, () -> run(options(mixed.toString()).failOnDamaged(true)));
        assertTrue(stopped.getMessage().contains("bad.mp4: not a readable video"), stopped.getMessage());
    }
}
