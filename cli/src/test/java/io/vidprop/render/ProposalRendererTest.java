package io.vidprop.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.demo.VideoWriter;
import io.vidprop.image.RgbImage;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.synth.Images;
import io.vidprop.synth.SceneConfig;
import io.vidprop.synth.SyntheticVideo;
import io.vidprop.video.VideoFileReader;
import io.vidprop.video.VideoFrame;
import io.vidprop.video.VideoRange;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drawing proposals on a real (FFmpeg-encoded) video, into PNG frames and into an MP4. */
class ProposalRendererTest {
    static final int W = 320;
    static final int H = 180;
    @TempDir
    static Path tmp;
    static Path video;
    static Path proposals;

    @BeforeAll
    static void makeVideoAndProposals() throws Exception {
        video = tmp.resolve("gate.mkv");
        SyntheticVideo scene = new SyntheticVideo(11, SceneConfig.builder().size(W, H).build());
        try (VideoWriter w = new VideoWriter(video, W, H, 10)) {
            for (int i = 0; i < 6; i++) {
                w.write(Images.toBufferedImage(scene.frame(i).image()));
            }
        }
        // Records for frames 1..4 only: frames 0 and 5 have none.
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            ProposalRecord r = new ProposalRecord();
            r.cameraId = "gate";
            r.sequence = i;
            r.width = W;
            r.height = H;
            r.modelId = "hand-made";
            r.proposals = new float[][] {{40, 30, 200, 150, 0.9f}};
            lines.add(r.toJson());
        }
        proposals = Files.write(tmp.resolve("proposals.jsonl"), lines);
    }

    static ProposalRenderer renderer() {
        return new ProposalRenderer(5, new PrintStream(new ByteArrayOutputStream()));
    }

    static List<VideoFrame> frames(Path file) throws Exception {
        List<VideoFrame> out = new ArrayList<>();
        try (VideoFileReader r = VideoFileReader.open(file, VideoRange.ALL, 0L)) {
            VideoFrame f;
            while ((f = r.next()) != null) {
                out.add(f);
            }
        }
        return out;
    }

    static int[] rgb(RgbImage img, int x, int y) {
        int i = 3 * (y * img.width() + x);
        return new int[] {img.pixels()[i] & 0xff, img.pixels()[i + 1] & 0xff, img.pixels()[i + 2] & 0xff};
    }

    @Test
    void drawsEachFrameThatHasARecordIntoPngFrames() throws Exception {
        Path dir = tmp.resolve("frames");
        ProposalRenderer.Summary s = renderer().render(ProposalRecords.fromFile(proposals), video, null, dir);
        assertEquals(new ProposalRenderer.Summary(4, 2), s);
        try (var files = Files.list(dir)) {
            assertEquals(List.of("000001.png", "000002.png", "000003.png", "000004.png"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        RgbImage original = frames(video).get(2).image();
        BufferedImage drawn = ImageIO.read(dir.resolve("000002.png").toFile());
        assertEquals(W, drawn.getWidth());
        RgbImage annotated = Images.toRgb(drawn);
        // On the box's left edge (x = 40) the pixels are the box colour; well inside the box they are the frame's.
        int changed = 0;
        for (int y = 60; y < 140; y++) {
            if (!java.util.Arrays.equals(rgb(original, 40, y), rgb(annotated, 40, y))) {
                changed++;
            }
        }
        assertTrue(changed > 70, "the box edge is drawn: " + changed + " of 80 pixels changed");
        assertEquals(java.util.Arrays.toString(rgb(original, 120, 90)), java.util.Arrays.toString(rgb(annotated, 120, 90)),
                "inside the box the frame is untouched");
    }

    @Test
    void writesAnMp4WithOneFramePerRecord() throws Exception {
        Path mp4 = tmp.resolve("out/annotated.mp4");
        renderer().render(ProposalRecords.fromFile(proposals), video, "gate", mp4);
        List<VideoFrame> written = frames(mp4);
        assertEquals(4, written.size());
        assertNotEquals(java.util.Arrays.toString(rgb(frames(video).get(1).image(), 40, 100)),
                java.util.Arrays.toString(rgb(written.get(0).image(), 40, 100)), "the box is in the video");
    }

    @Test
    void recordsOfAnotherVideoSizeOrCameraAreRejectedClearly() throws Exception {
        IllegalArgumentException camera = assertThrows(IllegalArgumentException.class,
                () -> renderer().render(ProposalRecords.fromFile(proposals), video, "lobby", tmp.resolve("x")));
        assertEquals("no proposal records of camera lobby; cameras: [gate]", camera.getMessage());
        Path other = Files.writeString(tmp.resolve("other.jsonl"),
                Files.readString(proposals).replace("\"width\":320", "\"width\":640"));
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> renderer().render(ProposalRecords.fromFile(other), video, null, tmp.resolve("y")));
        assertEquals(video + ": frame 1 is 320x180 but its proposal record is for a 640x180 frame: wrong video?",
                size.getMessage());
    }
}
