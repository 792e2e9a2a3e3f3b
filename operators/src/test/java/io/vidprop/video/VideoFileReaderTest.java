package io.vidprop.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.testing.SyntheticClips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a range of a file with its frame rate's numbering (a seek to the keyframe before the range) gives exactly
 * the frames, numbers, times and pixels that reading the whole file from its start gives for that range, from a local
 * path and through Flink's file system alike.
 */
class VideoFileReaderTest {
    static final int FRAMES = 60;
    static final double FPS = 10;
    static final long EPOCH = 1_700_000_000_000L;

    @TempDir
    static Path tmp;
    static Path clip;
    static List<VideoFrame> fromStart;

    @BeforeAll
    static void writeClip() throws Exception {
        clip = SyntheticClips.write(tmp.resolve("clip.mp4"), 7, FRAMES, FPS, 160, 96);
        fromStart = readAll(VideoFileReader.open(clip, VideoRange.ALL, EPOCH));
        assertEquals(FRAMES, fromStart.size());
    }

    @Test
    void theProbeReadsTheHeaderAndFirstFrame() throws Exception {
        VideoInfo info = VideoFileReader.probe(clip.toString());
        assertTrue(info.constantFrameRate(), info.toString());
        assertEquals(FPS, info.framesPerSecond(), 1e-9);
        assertEquals(0, info.firstPtsMicros());
        assertEquals(FRAMES, info.declaredFrames());
        assertEquals(6_000_000, info.durationMicros(), 100_000);
        assertEquals(new FrameNumbering(FPS, 0), info.numbering());
    }

    @Test
    void rangesInTheMiddleGiveTheFramesOfAReadFromTheStart() throws Exception {
        FrameNumbering numbering = VideoFileReader.probe(clip.toString()).numbering();
        for (VideoRange range : List.of(new VideoRange(2_000_000, 3_500_000), new VideoRange(2_050_000, 2_950_000),
                new VideoRange(5_000_000, Long.MAX_VALUE), new VideoRange(0, 1_000_000))) {
            for (boolean throughFlink : new boolean[] {false, true}) {
                VideoFileReader reader = VideoFileReader.open(clip.toString(), range, EPOCH, numbering, throughFlink);
                assertEquals(range.startMicros() > 0, reader.sought(), "seeks to a range after the start");
                List<VideoFrame> read = readAll(reader);
                List<VideoFrame> expected = fromStart.stream()
                        .filter(f -> f.presentationMicros() >= range.startMicros()
                                && f.presentationMicros() < range.endMicros()).toList();
                String what = range + (throughFlink ? " through Flink's file system" : " from the local path");
                assertTrue(!expected.isEmpty(), what);
                assertSameFrames(expected, read, what);
            }
        }
    }

    @Test
    void adjacentRangesTogetherAreTheWholeFileOnce() throws Exception {
        FrameNumbering numbering = VideoFileReader.probe(clip.toString()).numbering();
        List<VideoFrame> all = new ArrayList<>();
        for (long start = 0; start < 6_000_000; start += 1_300_000) {
            long end = start + 1_300_000 >= 6_000_000 ? Long.MAX_VALUE : start + 1_300_000;
            all.addAll(readAll(VideoFileReader.open(clip.toString(), new VideoRange(start, end), EPOCH, numbering)));
        }
        assertSameFrames(fromStart, all, "ranges of 1.3 s");
    }

    @Test
    void aFileThatIsNotAVideoIsRefusedByTheProbeWithItsName() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.mp4"), "not a video");
        DamagedVideoException e = assertThrows(DamagedVideoException.class,
                () -> VideoFileReader.probe(text.toString()));
        assertTrue(e.getMessage().startsWith(text + ": not a readable video"), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> VideoFileReader.probe(tmp.resolve("gone.mp4").toString()));
        assertEquals(tmp.resolve("gone.mp4") + ": no such video file", missing.getMessage());
    }

    static void assertSameFrames(List<VideoFrame> expected, List<VideoFrame> actual, String what) {
        assertEquals(expected.stream().map(VideoFrame::index).toList(), actual.stream().map(VideoFrame::index).toList(),
                what + ": frame numbers");
        for (int i = 0; i < expected.size(); i++) {
            VideoFrame e = expected.get(i);
            VideoFrame a = actual.get(i);
            assertEquals(e.presentationMicros(), a.presentationMicros(), what + " #" + e.index());
            assertEquals(e.captureTimestampMillis(), a.captureTimestampMillis(), what + " #" + e.index());
            assertArrayEquals(e.image().pixels(), a.image().pixels(), what + " #" + e.index() + ": pixels");
        }
    }

    static List<VideoFrame> readAll(VideoFileReader reader) throws Exception {
        List<VideoFrame> out = new ArrayList<>();
        try (reader) {
            for (VideoFrame f = reader.next(); f != null; f = reader.next()) {
                out.add(f);
            }
        }
        return out;
    }
}
