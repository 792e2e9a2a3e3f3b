package io.vidprop.labels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vidprop.eval.RecallEvaluator;
import io.vidprop.rpn.Proposals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsReaderTest {
    @TempDir
    Path dir;

    @Test
    void cocoFramesComeFromFrameIndexOrTheLastNumberOfTheFileName() throws Exception {
        Path file = dir.resolve("labels.json");
        Files.writeString(file, """
                {"images": [
                   {"id": 7, "file_name": "cam2/frame_000012.png", "width": 768, "height": 576},
                   {"id": 8, "file_name": "000040.jpg"},
                   {"id": 9, "file_name": "anything.png", "frame_index": 3},
                   {"id": 10, "file_name": "frame_000050.png"}],
                 "annotations": [
                   {"id": 1, "image_id": 7, "bbox": [10.5, 20, 30, 40], "category_id": 1},
                   {"id": 2, "image_id": 7, "bbox": [100, 200, 5, 6], "category_id": 1},
                   {"id": 3, "image_id": 8, "bbox": [1, 2, 3, 4], "category_id": 1},
                   {"id": 4, "image_id": 8, "bbox": [0, 0, 300, 300], "category_id": 1, "iscrowd": 1},
                   {"id": 5, "image_id": 9, "bbox": [5, 5, 10, 10], "category_id": 1}]}
                """);
        FrameLabels labels = LabelsReader.forFile(file).read(file);
        assertEquals(List.of(3L, 12L, 40L, 50L), List.copyOf(labels.byFrame().keySet()));
        assertArrayEquals(new float[] {10.5f, 20, 40.5f, 60, 100, 200, 105, 206}, labels.boxes(12));
        assertArrayEquals(new float[] {1, 2, 4, 6}, labels.boxes(40));
        assertArrayEquals(new float[] {5, 5, 15, 15}, labels.boxes(3));
        assertArrayEquals(new float[0], labels.boxes(50), "a listed image without annotations is an empty frame");
        assertNull(labels.boxes(13));
        assertEquals(4, labels.boxCount());
        assertEquals(768, labels.width());
        assertEquals(576, labels.height());
    }

    @Test
    void cocoErrorsNameTheProblem() throws Exception {
        Path noNumber = dir.resolve("a.json");
        Files.writeString(noNumber, "{\"images\": [{\"id\": 1, \"file_name\": \"street.png\"}], \"annotations\": []}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CocoLabelsReader().read(noNumber));
        assertEquals(noNumber + ": image 1 (file_name \"street.png\") has no frame number: name the images by "
                + "frame index (000123.png) or give each a frame_index", e.getMessage());
        Path twice = dir.resolve("b.json");
        Files.writeString(twice, "{\"images\": [{\"id\": 1, \"file_name\": \"f_1.png\"},"
                + "{\"id\": 2, \"file_name\": \"g_1.png\"}]}");
        e = assertThrows(IllegalArgumentException.class, () -> new CocoLabelsReader().read(twice));
        assertEquals(twice + ": images 1 and 2 are both frame 1", e.getMessage());
        Path dangling = dir.resolve("c.json");
        Files.writeString(dangling, "{\"images\": [{\"id\": 1, \"file_name\": \"1.png\"}],"
                + "\"annotations\": [{\"image_id\": 5, \"bbox\": [0, 0, 1, 1]}]}");
        e = assertThrows(IllegalArgumentException.class, () -> new CocoLabelsReader().read(dangling));
        assertEquals(dangling + ": an annotation refers to image 5, which is not in \"images\"", e.getMessage());
        Path empty = dir.resolve("d.json");
        Files.writeString(empty, "{\"images\": [{\"id\": 1, \"file_name\": \"1.png\"}],"
                + "\"annotations\": [{\"image_id\": 1, \"bbox\": [4, 4, 0, 3]}]}");
        e = assertThrows(IllegalArgumentException.class, () -> new CocoLabelsReader().read(empty));
        assertEquals("frame 1: box (4.0, 4.0, 4.0, 7.0) has no area", e.getMessage());
        IllegalArgumentException format = assertThrows(IllegalArgumentException.class,
                () -> LabelsReader.forFile(dir.resolve("labels.xml")));
        assertEquals(dir.resolve("labels.xml") + ": unknown label format; give COCO JSON (.json) or a "
                + "MOT-challenge gt.txt (.txt)", format.getMessage());
    }

    @Test
    void motFramesCountFromOneAndIgnoredLinesAreLeftOut() throws Exception {
        Path file = dir.resolve("gt.txt");
        Files.writeString(file, """
                1,1,912,484,97,109,0,7,1
                1,2,1338,418,167,379,1,1,1
                2,2,1342,417,168,380,1,1,0.86
                3,5,10.5,20.25,4,8
                """);
        LabelsReader reader = LabelsReader.forFile(file);
        assertInstanceOf(MotLabelsReader.class, reader);
        FrameLabels labels = reader.read(file);
        assertEquals(List.of(0L, 1L, 2L), List.copyOf(labels.byFrame().keySet()));
        assertArrayEquals(new float[] {1338, 418, 1505, 797}, labels.boxes(0));
        assertArrayEquals(new float[] {1342, 417, 1510, 797}, labels.boxes(1));
        assertArrayEquals(new float[] {10.5f, 20.25f, 14.5f, 28.25f}, labels.boxes(2));
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "1,1,2,3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reader.read(bad));
        assertEquals(bad + ":1: a MOT line needs at least frame, id, left, top, width, height; got \"1,1,2,3\"",
                e.getMessage());
        Files.writeString(bad, "0,1,2,3,4,5\n");
        e = assertThrows(IllegalArgumentException.class, () -> reader.read(bad));
        assertEquals(bad + ":1: MOT frames count from 1, got 0", e.getMessage());
    }

    @Test
    void cocoWriterRoundTripsThroughTheReader() throws Exception {
        FrameLabels labels = FrameLabels.builder()
                .frameSize(320, 240)
                .box(4, 1.5f, 2.25f, 30, 40)
                .box(4, 100, 100, 120, 180)
                .frame(9)
                .box(12, 0, 0, 320, 240)
                .build();
        Path file = dir.resolve("out/pseudo.json");
        CocoLabelsWriter.write(labels, "clip.avi", file);
        FrameLabels back = new CocoLabelsReader().read(file);
        assertEquals(labels.byFrame().keySet(), back.byFrame().keySet());
        for (long f : labels.byFrame().keySet()) {
            assertArrayEquals(labels.boxes(f), back.boxes(f), "frame " + f);
        }
        assertEquals(320, back.width());
        assertEquals(240, back.height());
    }

    @Test
    void recallOfParsedLabelsForAKnownCase() throws Exception {
        Path file = dir.resolve("gt.txt");
        // Frame 1: two people; frame 2: one.
        Files.writeString(file, "1,1,0,0,10,20,1\n1,2,50,50,10,10,1\n2,1,0,0,10,20,1\n");
        FrameLabels labels = new MotLabelsReader().read(file);
        RecallEvaluator evaluator = new RecallEvaluator();
        // Frame index 0: the first proposal matches person 1 exactly; the second covers person 2 and as much
        // again below it (IoU 100 / 200 = 0.5).
        evaluator.add(new Proposals(new float[] {0, 0, 10, 20, 50, 50, 60, 70}, new float[] {0.9f, 0.8f}),
                labels.boxes(0));
        // Frame index 1: the only proposal misses.
        evaluator.add(new Proposals(new float[] {200, 200, 210, 210}, new float[] {0.9f}), labels.boxes(1));
        assertEquals(3, evaluator.boxes());
        assertEquals(1.0 / 3, evaluator.recall(10, 0.7), 1e-9);
        assertEquals(2.0 / 3, evaluator.recall(10, 0.5), 1e-9);
        assertEquals(2.0 / 3, evaluator.recall(300, 0.5), 1e-9);
    }
}
