package io.vidprop.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vidprop.batch.ArchiveListing.ArchiveFile;
import io.vidprop.video.FrameNumbering;
import io.vidprop.video.VideoInfo;
import io.vidprop.video.VideoRange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How files are cut into time ranges. */
class SplitPlannerTest {
    static final ArchiveFile FILE = new ArchiveFile("/a/cam.mp4", "cam");
    /** 25 s at 10 fps, constant. */
    static final VideoInfo CONSTANT = new VideoInfo(25_000_000, 10, true, 0, 250, 1_000);

    static List<String> ranges(List<VideoFileSplit> splits) {
        return splits.stream().map(s -> s.startMicros() / 1_000_000.0 + "-"
                + (s.endMicros() == Long.MAX_VALUE ? "end" : s.endMicros() / 1_000_000.0) + ":" + s.expectedFrames())
                .toList();
    }

    @Test
    void aConstantRateFileIsCutIntoAdjacentRangesTheLastToTheEnd() {
        List<VideoFileSplit> splits = SplitPlanner.plan(FILE, CONSTANT, VideoRange.ALL, null, 10);
        assertEquals(List.of("0.0-10.0:100", "10.0-20.0:100", "20.0-end:50"), ranges(splits));
        for (VideoFileSplit s : splits) {
            assertEquals(new FrameNumbering(10, 0), s.numbering());
            assertEquals(1_000, s.epochMillis(), "the file's epoch");
            assertEquals("cam", s.cameraId());
        }
        assertEquals(List.of("cam@0", "cam@10000000", "cam@20000000"),
                splits.stream().map(VideoFileSplit::splitId).toList(), "split ids are unique");
    }

    @Test
    void aRangeIsCutWithinItselfAndAnEpochOverridesTheFiles() {
        List<VideoFileSplit> splits = SplitPlanner.plan(FILE, CONSTANT, VideoRange.ofSeconds(5.0, 17.0), 42L, 5);
        assertEquals(List.of("5.0-10.0:50", "10.0-15.0:50", "15.0-17.0:20"), ranges(splits));
        assertEquals(42, splits.get(0).epochMillis());
    }

    @Test
    void aVariableRateFileAShortOneAndSplitZeroAreOneSplit() {
        VideoInfo variable = new VideoInfo(25_000_000, 10, false, 0, 250, 1_000);
        List<VideoFileSplit> v = SplitPlanner.plan(FILE, variable, VideoRange.ALL, null, 10);
        assertEquals(List.of("0.0-end:250"), ranges(v));
        assertEquals(FrameNumbering.COUNTED, v.get(0).numbering(), "counted from the start");
        assertEquals(List.of("0.0-end:250"), ranges(SplitPlanner.plan(FILE, CONSTANT, VideoRange.ALL, null, 0)));
        assertEquals(List.of("0.0-end:250"), ranges(SplitPlanner.plan(FILE, CONSTANT, VideoRange.ALL, null, 30)));
    }
}
