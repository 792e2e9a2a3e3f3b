package io.vidprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonObject;
import io.vidprop.adapt.AdaptReport;
import io.vidprop.labels.CocoLabelsReader;
import io.vidprop.labels.FrameLabels;
import io.vidprop.model.ProposalModel;
import io.vidprop.testing.TestFootage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** adapt, eval and train on real footage: testkit's hand-labelled 6-second clip ({@link TestFootage}). */
class FootageCommandsTest {
    @TempDir
    static Path footage;
    static Path CLIP;
    static Path CLIP_LABELS;

    @BeforeAll
    static void footage() throws Exception {
        CLIP = TestFootage.clip(footage);
        CLIP_LABELS = TestFootage.labels(footage);
    }

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Result vidprop(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Vidprop.commandLine().setErr(new PrintWriter(err, true)).setOut(new PrintWriter(out, true))
                .execute(args);
        return new Result(code, out.toString(), err.toString().trim());
    }

    @Test
    void adaptWritesALoadableModelWithItsReportAndTheMinedLabels() throws Exception {
        assertTrue(Files.isRegularFile(CLIP), CLIP.toAbsolutePath() + " is missing");
        Path out = dir.resolve("cam-a");
        Path labels = dir.resolve("mined.json");
        Result r = vidprop("adapt", "--video", CLIP.toString(), "--out", out.toString(), "--export-labels",
                labels.toString(), "--steps", "2", "--batch-size", "2", "--synthetic-check", "4",
                "--warmup-frames", "10");
        assertEquals(0, r.code(), r.err());
        String report = Files.readString(out.resolve(AdaptReport.FILE_NAME));
        assertTrue(report.contains("| proposals | recall@0.5 before | after | recall@0.7 before | after | AR before "
                + "| after |"), report);
        assertTrue(report.contains("held out from frame 48"), report);
        assertTrue(report.contains("Synthetic test split (4 frames"), report);
        assertTrue(Files.isRegularFile(out.resolve("loss.png")));
        try (ProposalModel m = ProposalModel.load(out, Device.cpu())) {
            assertEquals("vidprop-rpn-cam-a", m.modelId());
            JsonObject meta = m.config().metadata;
            assertEquals("the shipped default model", meta.get("adaptedFrom").getAsString());
            assertEquals(60, meta.getAsJsonArray("footage").get(0).getAsJsonObject().get("framesRead").getAsInt());
            assertEquals(2, meta.get("steps").getAsInt());
        }
        FrameLabels mined = new CocoLabelsReader().read(labels);
        assertEquals(50, mined.frameCount(), "60 frames less 10 of warm-up");
        assertEquals(10L, mined.byFrame().firstKey());
        assertEquals(768, mined.width());
        assertTrue(mined.boxCount() > 0);
    }

    @Test
    void evalOnLabelledFootagePrintsTheRecallTableAndWritesThePlot() throws Exception {
        Result r = vidprop("eval", "--video", CLIP.toString(), "--labels", CLIP_LABELS.toString(), "--out",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 images, 24 ground-truth boxes"), r.out());
        // The shipped model on the hand-labelled clip: 18 of 24 at 300 proposals, IoU 0.5 (FootageRecallTest).
        assertTrue(r.out().contains("| 300 | 0.7500 |"), r.out());
        assertTrue(Files.size(dir.resolve("recall.png")) > 0);
        Result half = vidprop("eval", "--video", CLIP.toString());
        assertEquals(2, half.code());
        assertEquals("vidprop eval: --video and --labels go together: give both, or neither for synthetic scenes",
                half.err());
    }

    @Test
    void evalWritesEachLabelledBoxsRankAndAgreesWithTheRecallTable() throws Exception {
        Path csv = dir.resolve("ranks.csv");
        Result r = vidprop("eval", "--video", CLIP.toString(), "--labels", CLIP_LABELS.toString(), "--out",
                dir.toString(), "--box-ranks", csv.toString());
        assertEquals(0, r.code(), r.err());
        // The shipped model finds 4, 12 and 18 of the 24 boxes in its top 10, 50 and 300 (FootageRecallTest).
        assertTrue(r.out().contains("| 10 | 0.1667 |") && r.out().contains("| 50 | 0.5000 |"), r.out());
        assertTrue(r.out().contains("(24 boxes; not found at IoU 0.5 in the top 10: 20, 50: 12, 300: 6)"), r.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("frame,x1,y1,x2,y2,best_iou_top10,best_iou_top50,best_iou_top300,first_rank_iou_0.5",
                lines.get(0));
        assertEquals(25, lines.size());
        Map<String, Long> perFrame = lines.stream().skip(1).collect(Collectors.groupingBy(
                l -> l.substring(0, l.indexOf(',')), TreeMap::new, Collectors.counting()));
        assertEquals(Map.of("0", 8L, "20", 9L, "40", 7L), perFrame);
        long foundIn50 = lines.stream().skip(1).map(l -> l.substring(l.lastIndexOf(',') + 1))
                .filter(rank -> !rank.isEmpty() && Integer.parseInt(rank) <= 50).count();
        assertEquals(12, foundIn50);

        Result withTracks = vidprop("eval", "--tracks", "--box-ranks", csv.toString());
        assertEquals(2, withTracks.code());
        assertEquals("vidprop eval: --box-ranks goes with proposal recall, not with --tracks", withTracks.err());
    }

    @Test
    void trainFineTunesTheShippedModelOnLabelledFootage() throws Exception {
        Path out = dir.resolve("tuned");
        Result r = vidprop("train", "--video", CLIP.toString(), "--labels", CLIP_LABELS.toString(), "--out",
                out.toString(), "--steps", "2", "--batch-size", "2");
        assertEquals(0, r.code(), r.err());
        try (ProposalModel m = ProposalModel.load(out, Device.cpu())) {
            JsonObject meta = m.config().metadata;
            assertEquals("the shipped default model", meta.get("fineTunedFrom").getAsString());
            assertEquals(3, meta.getAsJsonObject("footage").get("frames").getAsInt());
            assertEquals(24, meta.getAsJsonObject("footage").get("boxes").getAsInt());
        }
    }
}
