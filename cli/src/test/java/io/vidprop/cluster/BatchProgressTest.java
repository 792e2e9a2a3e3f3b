package io.vidprop.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The progress line's numbers and words, from snapshots of the job's counts. */
class BatchProgressTest {
    static BatchProgress.Snapshot reading(long archiveFrames, long read, long splits, long splitsDone) {
        return new BatchProgress.Snapshot(archiveFrames, splits, read, splitsDone, 0, 0, false, 0, 0, 0);
    }

    @Test
    void whileReadingTheLineShowsFramesReadOfTheArchiveAndTheReadingStagesTimeLeft() {
        assertEquals("vidprop batch:   0% 0/4000 frames, read 1000/4000 (3/12 splits), 50.0 frames/s, reading ETA "
                + "1m00s, 0 dead letters", BatchProgress.line(reading(4000, 1000, 12, 3), 50, 1, false));
        assertEquals("vidprop batch: [....................]   0% 0/1334 frames, read 0/4000 (0/12 splits), 0.0 "
                + "frames/s, reading ETA ?, 0 dead letters", BatchProgress.line(reading(4000, 0, 12, 0), 0, 3, true),
                "--every 3: one frame in three goes to the model");
    }

    @Test
    void whereTheArchivesFrameCountIsUnknownSplitsCount() {
        assertEquals("vidprop batch:   0% 0/? frames, read 700 (5/12 splits), 10.0 frames/s, reading ETA ?, 0 dead "
                + "letters", BatchProgress.line(reading(0, 700, 12, 5), 10, 1, false));
    }

    @Test
    void onceReadingIsDoneTheFramesTheSourceSentAreTheTotal() {
        BatchProgress.Snapshot s = new BatchProgress.Snapshot(4000, 12, 3990, 12, 0, 1, true, 3991, 1500, 1);
        assertEquals("vidprop batch: [########............]  37% 1501/3991 frames, 25.0 frames/s, ETA 1m40s, 1 dead "
                + "letter", BatchProgress.line(s, 25, 1, true));
        BatchProgress.Snapshot done = new BatchProgress.Snapshot(4000, 12, 3990, 12, 0, 1, true, 3991, 3989, 2);
        assertEquals("vidprop batch: 100% 3991/3991 frames, 25.0 frames/s, ETA 0s, 2 dead letters",
                BatchProgress.line(done, 25, 1, false));
    }

    @Test
    void durationsAndTheSummary() {
        assertEquals("45s", BatchProgress.duration(45));
        assertEquals("3m05s", BatchProgress.duration(185));
        assertEquals("2h03m", BatchProgress.duration(7380));
        assertEquals("?", BatchProgress.eta(10, 0));
        assertEquals("vidprop batch: done, 1200 frames with proposal records, 3 dead letters in 1m00s (20.1 "
                + "frames/s)", BatchProgress.summary(1200, 3, Duration.ofSeconds(60)));
    }

    @Test
    void theOperatorLevelMetricsAreFoundAmongTheVertexsMetricsNotTheCamerasOnes() {
        Set<String> available = Set.of("Source: video files.archiveFramesRead", "Source: video files.numRecordsOut",
                "proposals.framesOut", "proposals.camera.cam.1.framesOut", "proposals.deadLetters",
                "proposals.camera.x.deadLetters", "numRecordsIn");
        assertEquals(Map.of("archiveFramesRead", "Source: video files.archiveFramesRead"),
                BatchProgress.ids(available, List.of("archiveFramesRead", "archiveFrames")));
        assertEquals(Map.of("framesOut", "proposals.framesOut", "deadLetters", "proposals.deadLetters"),
                BatchProgress.ids(available, List.of("framesOut", "deadLetters")));
    }
}
