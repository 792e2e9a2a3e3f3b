package io.vidprop.operators;

import static io.vidprop.operators.ProposalOperatorTest.frame;
import static io.vidprop.operators.ProposalOperatorTest.harness;
import static io.vidprop.operators.ProposalOperatorTest.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.kafka.ProposalRecord;
import io.vidprop.settings.CameraSettingsDeserializer;
import io.vidprop.settings.CameraSettingsUpdate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Camera settings from the settings input, applied by the proposal operator from each camera's next frame. */
class CameraSettingsOperatorTest {
    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path dir;
    static String model;

    @org.junit.jupiter.api.BeforeAll
    static void writeModel() throws Exception {
        model = io.vidprop.testing.TestModels.tinyRandom(dir.resolve("tiny"), "tiny-test", 10).toString();
    }

    static ProposalSettings.Builder settings() {
        return ProposalSettings.builder().modelPath(model).batchSize(2).maxWaitMillis(60_000).inferenceThread(false);
    }

    private static long offsets;

    private static StreamRecord<CameraSettingsUpdate> setting(String camera, String json) {
        return new StreamRecord<>(CameraSettingsDeserializer.toUpdate(camera.getBytes(StandardCharsets.UTF_8),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), 0, offsets++));
    }

    private static ProposalRecord last(KeyedTwoInputStreamOperatorTestHarness<String, ?, ?, ProposalRecord> h) {
        List<ProposalRecord> out = h.extractOutputValues();
        return out.get(out.size() - 1);
    }

    /** The boxes a camera with these settings keeps, computed here from the unfiltered record. */
    private static List<String> expected(ProposalRecord all, float x1, float x2, float minScore, int top) {
        List<String> out = new ArrayList<>();
        for (float[] p : all.proposals) {
            float cx = (p[0] + p[2]) / 2;
            if (p[4] >= minScore && cx > x1 && cx < x2 && out.size() < top) {
                out.add(Arrays.toString(p));
            }
        }
        return out;
    }

    private static List<String> boxes(ProposalRecord r) {
        return Arrays.stream(r.proposals).map(Arrays::toString).toList();
    }

    @Test
    void aCamerasSettingsApplyFromItsNextFrameSurviveARestoreAndABadValueKeepsThem() throws Exception {
        byte[] image = png(100);
        OperatorSubtaskState snapshot;
        ProposalRecord all;
        List<String> leftHalf;
        try (var h = harness(settings().batchSize(1).build())) {
            h.open();
            h.processElement1(new StreamRecord<>(frame("c", 1L, 1001, image)));
            all = last(h);
            assertTrue(all.proposals.length >= 4, "the tiny model proposes boxes all over: " + all.proposals.length);
            float median = all.proposals[all.proposals.length / 2][4];
            leftHalf = expected(all, 0, 20, median, 2);
            assertTrue(!leftHalf.isEmpty() && leftHalf.size() < all.proposals.length, leftHalf.toString());

            h.processElement2(setting("c", "{\"include\": [[0, 0, 20, 0, 20, 30, 0, 30]], \"minScore\": " + median
                    + ", \"top\": 2}"));
            h.processElement1(new StreamRecord<>(frame("c", 2L, 1002, image)));
            assertEquals(leftHalf, boxes(last(h)), "c's next frame follows its settings");
            h.processElement1(new StreamRecord<>(frame("d", 1L, 1001, image)));
            assertEquals(boxes(all), boxes(last(h)), "another camera keeps the job's defaults");

            h.processElement2(setting("c", "{\"top\": 2, \"minscore\": 0.5}"));
            h.processElement1(new StreamRecord<>(frame("c", 3L, 1003, image)));
            assertEquals(leftHalf, boxes(last(h)), "a refused value leaves the camera's settings as they were");
            List<StreamRecord<CameraSettingsUpdate>> refused = new ArrayList<>(
                    h.getSideOutput(ProposalOperator.SETTINGS_DEAD_LETTERS));
            assertEquals(1, refused.size());
            assertEquals("unknown field minscore (known: every, exclude, include, minScore, model, top, tracks, zones)",
                    refused.get(0).getValue().problem());
            assertEquals("{\"top\": 2, \"minscore\": 0.5}", refused.get(0).getValue().value());

            h.processElement2(setting("e", "{\"every\": 3, \"top\": 1}"));
            for (long s = 1; s <= 7; s++) {
                h.processElement1(new StreamRecord<>(frame("e", s, 1000 + s, image)));
            }
            List<String> e = h.extractOutputValues().stream().filter(r -> r.cameraId.equals("e"))
                    .map(r -> r.sequence + ":" + r.framesSkippedBefore + ":" + r.proposals.length).toList();
            assertEquals(List.of("1:0:1", "4:2:1", "7:2:1"), e, "one frame in 3, the skipped ones counted");
            h.prepareSnapshotPreBarrier(1);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(settings().batchSize(1).build())) {
            h.setup();
            h.initializeState(snapshot);
            h.open();
            h.processElement1(new StreamRecord<>(frame("c", 4L, 1004, image)));
            assertEquals(leftHalf, boxes(last(h)), "the settings were restored from the checkpoint");
            h.processElement2(setting("c", null));
            h.processElement1(new StreamRecord<>(frame("c", 5L, 1005, image)));
            assertEquals(boxes(all), boxes(last(h)), "cleared: the job's defaults again");
        }
    }

    @Test
    void theJobsTopAndMinScoreApplyToCamerasWithoutSettings() throws Exception {
        byte[] image = png(100);
        ProposalRecord all;
        try (var h = harness(settings().batchSize(1).build())) {
            h.open();
            h.processElement1(new StreamRecord<>(frame("c", 1L, 1001, image)));
            all = last(h);
        }
        float minScore = all.proposals[2][4];
        try (var h = harness(settings().batchSize(1).top(2).minScore(minScore).build())) {
            h.open();
            h.processElement1(new StreamRecord<>(frame("c", 1L, 1001, image)));
            assertEquals(expected(all, -1e9f, 1e9f, minScore, 2), boxes(last(h)));
            h.processElement2(setting("c", "{\"top\": 3}"));
            h.processElement1(new StreamRecord<>(frame("c", 2L, 1002, image)));
            assertEquals(expected(all, -1e9f, 1e9f, minScore, 3), boxes(last(h)),
                    "the camera's top, the job's min score");
        }
    }

    @Test
    void settingsAndTracksFollowEachCameraWhenRescaledFromOneSubtaskToTwo() throws Exception {
        byte[] image = png(100);
        int maxParallelism = 128;
        List<String> cameras = List.of("cam-0", "cam-1", "cam-2", "cam-3", "cam-4", "cam-5");
        ProposalSettings s = settings().batchSize(1).build();
        OperatorSubtaskState one;
        try (var h = ProposalOperatorTest.subtask(s, maxParallelism, 1, 0)) {
            h.open();
            for (String c : cameras) {
                h.processElement2(setting(c, "{\"top\": 1, \"tracks\": {\"minScore\": 0}}"));
                h.processElement1(new StreamRecord<>(frame(c, 1L, 1001, image)));
            }
            for (ProposalRecord r : h.extractOutputValues()) {
                assertEquals(1, r.proposals.length);
                assertEquals(1, r.tracks.length);
                assertEquals(1, r.tracks[0].age);
            }
            one = h.snapshot(1, 1);
        }
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (var h = ProposalOperatorTest.subtask(s, maxParallelism, 2, i)) {
                h.setup();
                h.initializeState(org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness
                        .repartitionOperatorState(one, maxParallelism, 1, 2, i));
                h.open();
                for (String c : cameras) {
                    if (org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignKeyToParallelOperator(c,
                            maxParallelism, 2) == i) {
                        h.processElement1(new StreamRecord<>(frame(c, 2L, 1002, image)));
                    }
                }
                for (ProposalRecord r : h.extractOutputValues()) {
                    seen.add(r.cameraId + " proposals " + r.proposals.length + " track " + r.tracks[0].id + " age "
                            + r.tracks[0].age);
                }
            }
        }
        assertEquals(cameras.stream().map(c -> c + " proposals 1 track 1 age 2").sorted().toList(),
                seen.stream().sorted().toList(), "each subtask has every camera's settings, and each camera its track");
    }
}
