package io.vidprop.tracking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vidprop.settings.Polygon;
import io.vidprop.settings.TrackSettings;
import io.vidprop.settings.Zone;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackerTest {
    private static final TrackSettings ON = new TrackSettings(true, 0.3f, 0.3f, 0.5f, 2);

    private static float[] box(float x, float y, float w, float h, float score) {
        return new float[] {x, y, x + w, y + h, score};
    }

    private static List<Long> ids(Tracker.Step step) {
        return step.tracks().stream().map(Track::id).toList();
    }

    @Test
    void twoObjectsCrossingKeepTheirIdsThroughTheirMotion() {
        TrackerState s = new TrackerState();
        List<List<Long>> seen = new ArrayList<>();
        for (int f = 0; f < 10; f++) {
            // A walks right, B walks left along a lane 50 px lower; they pass each other at frame 5 (IoU 0.23 there,
            // under the tracker's NMS threshold, so both stay).
            float[][] proposals = {box(10 + 20 * f, 100, 40, 80, 0.9f), box(210 - 20 * f, 150, 40, 80, 0.8f)};
            seen.add(ids(Tracker.step(s, proposals, ON, List.of())));
        }
        for (List<Long> frame : seen) {
            assertEquals(List.of(1L, 2L), frame, "A is always 1 (listed first: the better score), B always 2");
        }
        assertEquals(3, s.nextId);
    }

    @Test
    void aTrackSurvivesShortGapsAndEndsAfterMaxMissedFramesAndIdsAreNeverReused() {
        TrackerState s = new TrackerState();
        float[][] a = {box(100, 100, 50, 50, 0.9f)};
        float[][] none = {};
        assertEquals(List.of(1L), ids(Tracker.step(s, a, ON, List.of())));
        assertEquals(List.of(), ids(Tracker.step(s, none, ON, List.of())));
        assertEquals(List.of(), ids(Tracker.step(s, none, ON, List.of())));
        assertEquals(List.of(1L), ids(Tracker.step(s, a, ON, List.of())), "missed 2 = maxMissedFrames: kept");
        for (int i = 0; i < 3; i++) {
            Tracker.step(s, none, ON, List.of());
        }
        assertEquals(0, s.size(), "missed 3 > 2: ended");
        assertEquals(List.of(2L), ids(Tracker.step(s, a, ON, List.of())), "a new track, never id 1 again");
    }

    @Test
    void proposalsBelowTheTrackersScoreAndDuplicatesOfABetterOneStartNoTrack() {
        TrackerState s = new TrackerState();
        float[][] proposals = {box(0, 0, 100, 100, 0.9f), box(5, 5, 100, 100, 0.85f), box(300, 0, 50, 50, 0.4f)};
        Tracker.Step step = Tracker.step(s, proposals, ON, List.of());
        assertEquals(List.of(1L), ids(step));
        assertArrayEquals(new float[] {0, 0, 100, 100}, step.tracks().get(0).box());
        assertEquals(1, step.tracks().get(0).age());
    }

    @Test
    void enteringAndLeavingAZoneAreEventsAndAnEndingTrackLeavesItsZones() {
        TrackerState s = new TrackerState();
        List<Zone> zones = List.of(new Zone("door", Polygon.of(110, 0, 170, 0, 170, 300, 110, 300)));
        List<String> events = new ArrayList<>();
        for (int f = 0; f < 12; f++) {
            float[][] proposals = f < 9 ? new float[][] {box(20 + 20 * f, 100, 40, 80, 0.9f)} : new float[0][];
            for (ZoneEvent e : Tracker.step(s, proposals, ON, zones).events()) {
                events.add(f + ":" + e.kind().json() + " " + e.zone() + " #" + e.trackId());
            }
        }
        // centre x = 40 + 20 f: inside (110, 170) for f = 4..6
        assertEquals(List.of("4:enter door #1", "7:exit door #1"), events);
        s = new TrackerState();
        events.clear();
        for (int f = 0; f < 8; f++) {
            float[][] proposals = f < 4 ? new float[][] {box(130, 100, 40, 80, 0.9f)} : new float[0][];
            for (ZoneEvent e : Tracker.step(s, proposals, ON, zones).events()) {
                events.add(f + ":" + e.kind().json() + " #" + e.trackId());
            }
        }
        assertEquals(List.of("0:enter #1", "6:exit #1"), events, "the track ended inside the zone: it left it");
    }
}
