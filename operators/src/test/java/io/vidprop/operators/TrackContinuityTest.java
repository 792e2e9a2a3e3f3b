package io.vidprop.operators;

import static io.vidprop.operators.ProposalOperatorTest.frame;
import static io.vidprop.operators.ProposalOperatorTest.harness;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.kafka.CameraEvent;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.settings.CameraSettingsDeserializer;
import io.vidprop.settings.CameraSettingsUpdate;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** A camera's track ids after a restore continue exactly as in an uninterrupted run. */
class TrackContinuityTest {
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

    private static final int FRAMES = 12;
    private static final String TRACKS = "{\"tracks\": {\"minScore\": 0, \"matchIou\": 0.2}, \"top\": 20,"
            + " \"zones\": [{\"name\": \"left\", \"polygon\": [0, 0, 30, 0, 30, 60, 0, 60]}]}";

    /** A white block walking right over a dark background, 80x60. */
    private static byte[] walking(int f) throws Exception {
        BufferedImage img = new BufferedImage(80, 60, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(30, 40, 50));
        g.fillRect(0, 0, 80, 60);
        g.setColor(Color.WHITE);
        g.fillRect(4 + 5 * f, 20, 16, 24);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static StreamRecord<CameraSettingsUpdate> tracksOn() {
        return new StreamRecord<>(CameraSettingsDeserializer.toUpdate("c".getBytes(StandardCharsets.UTF_8),
                TRACKS.getBytes(StandardCharsets.UTF_8), 0, 0));
    }

    private static List<String> tracks(List<ProposalRecord> records) {
        List<String> out = new ArrayList<>();
        for (ProposalRecord r : records) {
            StringBuilder s = new StringBuilder(r.sequence + ":");
            for (ProposalRecord.TrackedBox t : r.tracks) {
                s.append(' ').append(t.id).append('/').append(t.age).append(Arrays.toString(t.box));
            }
            out.add(s.toString());
        }
        return out;
    }

    private static List<String> events(KeyedTwoInputStreamOperatorTestHarness<String, ?, ?, ?> h) {
        List<String> out = new ArrayList<>();
        var side = h.getSideOutput(ProposalOperator.ZONE_EVENTS);
        if (side != null) {
            for (StreamRecord<CameraEvent> e : side) {
                out.add(e.getValue().sequence + " " + e.getValue().event + " " + e.getValue().zone + " #"
                        + e.getValue().trackId);
            }
        }
        return out;
    }

    @Test
    void idsAgesAndZoneEventsAfterARestoreWithFramesInFlightEqualAnUninterruptedRun() throws Exception {
        // Padded batches: the same batch shapes in both runs, so the same proposals to the last bit.
        List<String> uninterrupted;
        List<String> uninterruptedEvents;
        try (var h = harness(settings().batchSize(2).inferenceThread(true).padBatches(true).build())) {
            h.open();
            h.processElement2(tracksOn());
            for (int f = 0; f < FRAMES; f++) {
                h.processElement1(new StreamRecord<>(frame("c", (long) f, 1000 + f, walking(f))));
            }
            h.prepareSnapshotPreBarrier(1);
            uninterrupted = tracks(h.extractOutputValues());
            uninterruptedEvents = events(h);
        }
        assertEquals(FRAMES, uninterrupted.size());
        assertTrue(!uninterruptedEvents.isEmpty(), "tracks crossed the zone");
        assertTrue(uninterrupted.stream().anyMatch(t -> t.contains("/5[")), "some track lives 5 frames or more: "
                + uninterrupted);

        List<ProposalRecord> records = new ArrayList<>();
        List<String> events = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = harness(settings().batchSize(2).inferenceThread(true).padBatches(true).build())) {
            h.open();
            h.processElement2(tracksOn());
            for (int f = 0; f < 7; f++) { // the last batch in the model and frame 6 buffered at the barrier
                h.processElement1(new StreamRecord<>(frame("c", (long) f, 1000 + f, walking(f))));
            }
            h.prepareSnapshotPreBarrier(1);
            snapshot = h.snapshot(1, 1);
            records.addAll(h.extractOutputValues());
            events.addAll(events(h));
        }
        try (var h = harness(settings().batchSize(2).inferenceThread(true).padBatches(true).build())) {
            h.setup();
            h.initializeState(snapshot);
            h.open();
            for (int f = 7; f < FRAMES; f++) {
                h.processElement1(new StreamRecord<>(frame("c", (long) f, 1000 + f, walking(f))));
            }
            h.prepareSnapshotPreBarrier(2);
            records.addAll(h.extractOutputValues());
            events.addAll(events(h));
        }
        assertEquals(uninterrupted, tracks(records));
        assertEquals(uninterruptedEvents, events);
    }
}
