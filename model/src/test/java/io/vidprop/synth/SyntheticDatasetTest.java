package io.vidprop.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.synth.SyntheticDataset.Split;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticDatasetTest {
    private final SceneConfig config = SceneConfig.builder().size(320, 180).framesPerScene(5).build();

    @Test
    void framesDependOnlyOnSeedAndIndex() {
        SyntheticDataset a = new SyntheticDataset(7, config);
        SyntheticDataset b = new SyntheticDataset(7, config);
        SyntheticFrame late = a.frame(Split.TRAIN, 12);
        a.frame(Split.TEST, 3);
        SyntheticFrame early = a.frame(Split.TRAIN, 2);
        assertArrayEquals(early.image().pixels(), b.frame(Split.TRAIN, 2).image().pixels());
        assertArrayEquals(late.boxes(), b.frame(Split.TRAIN, 12).boxes());
        assertArrayEquals(late.image().pixels(), b.frame(Split.TRAIN, 12).image().pixels());
        assertFalse(Arrays.equals(early.image().pixels(), new SyntheticDataset(8, config)
                .frame(Split.TRAIN, 2).image().pixels()));
    }

    @Test
    void splitsUseDisjointScenes() {
        SyntheticDataset d = new SyntheticDataset(1, config);
        java.util.Set<Long> train = new java.util.HashSet<>();
        for (long v = 0; v < 1000; v++) {
            train.add(d.videoSeed(Split.TRAIN, v));
        }
        for (long v = 0; v < 1000; v++) {
            assertFalse(train.contains(d.videoSeed(Split.VALIDATION, v)));
            assertFalse(train.contains(d.videoSeed(Split.TEST, v)));
        }
        assertNotEquals(d.videoSeed(Split.VALIDATION, 0), d.videoSeed(Split.TEST, 0));
    }

    @Test
    void groundTruthIsInsideTheFrameWithBoundedAspectAndVariedSizes() {
        // One object per scene: nothing occludes it, so its visible box has the object's own aspect ratio.
        SyntheticDataset d = new SyntheticDataset(3, SceneConfig.builder().objects(1, 1).framesPerScene(2).build());
        double smallest = Double.MAX_VALUE;
        double largest = 0;
        int boxes = 0;
        for (int i = 0; i < 200; i++) {
            SyntheticFrame f = d.frame(Split.TRAIN, i);
            float[] b = f.boxes();
            for (int k = 0; k < b.length; k += 4) {
                boxes++;
                assertTrue(b[k] >= 0 && b[k + 1] >= 0 && b[k + 2] <= 640 && b[k + 3] <= 360, Arrays.toString(b));
                float w = b[k + 2] - b[k];
                float h = b[k + 3] - b[k + 1];
                assertTrue(w >= 4 && h >= 4);
                boolean clipped = b[k] == 0 || b[k + 1] == 0 || b[k + 2] == 640 || b[k + 3] == 360;
                if (!clipped) {
                    assertTrue(w / h <= 3.05 && h / w <= 3.05, "aspect " + w + "x" + h);
                }
                double size = Math.sqrt(w * h) / 360;
                smallest = Math.min(smallest, size);
                largest = Math.max(largest, size);
            }
        }
        assertTrue(boxes > 150, "only " + boxes + " boxes in 200 frames");
        assertTrue(smallest < 0.15, "smallest object " + smallest);
        assertTrue(largest > 0.6, "largest object " + largest);
    }

    @Test
    void objectsMoveBetweenFrames() {
        SyntheticVideo v = new SyntheticVideo(11, SceneConfig.builder().objects(3, 3).build());
        float[] first = v.frame(0).boxes();
        float[] tenth = v.frame(10).boxes();
        assertFalse(Arrays.equals(first, tenth));
    }

    @Test
    void cameraScenesAreDeterministicWithBoxesInsideTheFrameAndManySmallObjects() {
        SceneConfig camera = SceneConfig.builder().framesPerScene(4).style(SceneStyle.CAMERA).build();
        SyntheticDataset a = new SyntheticDataset(5, camera);
        SyntheticDataset b = new SyntheticDataset(5, camera);
        int boxes = 0;
        int small = 0;
        int tall = 0;
        for (int i = 0; i < 80; i += 3) {
            SyntheticFrame f = a.frame(Split.TRAIN, i);
            SyntheticFrame g = b.frame(Split.TRAIN, i);
            assertArrayEquals(f.image().pixels(), g.image().pixels());
            assertArrayEquals(f.boxes(), g.boxes());
            int w = f.image().width();
            int h = f.image().height();
            assertEquals(640, w);
            assertTrue(h == 360 || h == 480, "height " + h);
            float[] x = f.boxes();
            for (int k = 0; k < x.length; k += 4) {
                boxes++;
                assertTrue(x[k] >= 0 && x[k + 1] >= 0 && x[k + 2] <= w && x[k + 3] <= h, Arrays.toString(x));
                float bw = x[k + 2] - x[k];
                float bh = x[k + 3] - x[k + 1];
                assertTrue(bw >= 4 && bh >= 4);
                small += Math.sqrt(bw * bh) < 0.1 * h ? 1 : 0;
                tall += bh >= 2 * bw ? 1 : 0;
            }
        }
        assertTrue(boxes > 100, "only " + boxes + " boxes in 27 frames");
        assertTrue(small > boxes / 4, small + " of " + boxes + " boxes are small");
        assertTrue(tall > boxes / 4, tall + " of " + boxes + " boxes are person-shaped");
    }

    @Test
    void mixedSplitsAlternateAndLeaveClassicScenesAsTheyWere() {
        SceneConfig classic = SceneConfig.builder().framesPerScene(4).build();
        SceneConfig mixed = SceneConfig.builder().framesPerScene(4).style(SceneStyle.MIXED).build();
        SyntheticDataset c = new SyntheticDataset(1, classic);
        SyntheticDataset m = new SyntheticDataset(1, mixed);
        assertFalse(m.isCameraScene(0));
        assertTrue(m.isCameraScene(1));
        assertFalse(m.isCameraScene(2));
        assertFalse(c.isCameraScene(1));
        // Scene 0 and 2 are classic in both; scene 1 is camera-style only in the mixed split.
        for (int i : new int[] {0, 3, 9}) {
            assertArrayEquals(c.frame(Split.TEST, i).image().pixels(), m.frame(Split.TEST, i).image().pixels());
            assertArrayEquals(c.frame(Split.TEST, i).boxes(), m.frame(Split.TEST, i).boxes());
        }
        assertFalse(Arrays.equals(c.frame(Split.TEST, 5).boxes(), m.frame(Split.TEST, 5).boxes()));
        SyntheticDataset all = new SyntheticDataset(1, SceneConfig.builder().framesPerScene(4)
                .style(SceneStyle.MIXED).cameraShare(1).build());
        assertTrue(all.isCameraScene(0) && all.isCameraScene(2));
    }

    @Test
    void onlyScenesOverAPhotographHaveUnlabelledBackgrounds() {
        SceneConfig mixed = SceneConfig.builder().framesPerScene(1).style(SceneStyle.MIXED)
                .cameraFamilies(new CameraFamilies(1, 1, 1, 1)).build();
        SyntheticDataset d = new SyntheticDataset(2, mixed);
        java.util.Map<String, Integer> seen = new java.util.TreeMap<>();
        for (int v = 0; v < 120; v++) {
            SyntheticFrame f = d.frame(Split.TRAIN, v);
            assertEquals(f.painted(), f.labeled().exhaustive());
            String kind = d.isCameraScene(v) ? d.cameraScene(Split.TRAIN, v).family().name() : "CLASSIC";
            switch (kind) {
                case "CLASSIC", "INDOOR", "OVERHEAD" -> assertTrue(f.painted(), kind + " scene " + v);
                case "STREET" -> assertFalse(f.painted(), "street scene " + v);
                default -> { }
            }
            seen.merge(kind + (f.painted() ? " painted" : " photo"), 1, Integer::sum);
        }
        // Close-ups are over a room or a photograph, half each.
        assertTrue(seen.getOrDefault("CLOSE_UP painted", 0) > 3 && seen.getOrDefault("CLOSE_UP photo", 0) > 3,
                seen.toString());
    }

    @Test
    void bounceStaysInRange() {
        assertEquals(5.0, SyntheticVideo.bounce(5, 0, 10), 1e-9);
        assertEquals(8.0, SyntheticVideo.bounce(12, 0, 10), 1e-9);
        assertEquals(3.0, SyntheticVideo.bounce(-3, 0, 10), 1e-9);
    }
}
