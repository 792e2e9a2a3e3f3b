package io.vidprop.motion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.image.RgbImage;
import io.vidprop.labels.FrameLabels;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MotionMinerTest {
    static final int W = 320;
    static final int H = 240;

    /** Where the two moving objects are in frame f: x1, y1, x2, y2 each; they enter at frame 20. */
    static int[] truth(int f) {
        int t = f - 20;
        return new int[] {10 + 4 * t, 60, 34 + 4 * t, 120, 300 - 4 * t, 150, 332 - 4 * t, 190};
    }

    /**
     * A textured static background with sensor noise; a textured object moving right with a shadow (the ground darkened
     * to 60%) below it, a striped object moving left, a blob flashing on for two frames, and an area of swaying
     * texture that flickers in place.
     */
    static RgbImage frame(int f) {
        Random noise = new Random(f);
        byte[] px = new byte[3 * W * H];
        int[] t = f >= 20 ? truth(f) : new int[8];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int base = 90 + ((x / 8 + y / 8) % 2) * 40 + (x * 7 + y * 13) % 23;
                int r = base;
                int g = base + 10;
                int b = base - 10;
                if (x >= t[0] && x < t[2] && y >= t[3] && y < t[3] + 12) {
                    r = r * 6 / 10;
                    g = g * 6 / 10;
                    b = b * 6 / 10;
                }
                if (x >= t[0] && x < t[2] && y >= t[1] && y < t[3]) {
                    boolean check = ((x - t[0]) / 5 + (y - t[1]) / 5) % 2 == 0;
                    r = check ? 30 : 200;
                    g = check ? 30 : 60;
                    b = check ? 160 : 60;
                }
                if (x >= t[4] && x < t[6] && y >= t[5] && y < t[7]) {
                    boolean stripe = ((x - t[4]) / 4) % 2 == 0;
                    r = 240;
                    g = stripe ? 220 : 20;
                    b = stripe ? 40 : 200;
                }
                if ((f == 45 || f == 46) && x >= 150 && x < 175 && y >= 205 && y < 230) {
                    r = 250;
                    g = 250;
                    b = 250;
                }
                if (x >= 20 && x < 60 && y >= 180 && y < 230 && (x + y + f) % 3 == 0) {
                    r = 20;
                    g = 200;
                    b = 20;
                }
                int o = 3 * (y * W + x);
                px[o] = clamp(r + (int) Math.round(noise.nextGaussian() * 3));
                px[o + 1] = clamp(g + (int) Math.round(noise.nextGaussian() * 3));
                px[o + 2] = clamp(b + (int) Math.round(noise.nextGaussian() * 3));
            }
        }
        return new RgbImage(W, H, px);
    }

    private static byte clamp(int v) {
        return (byte) Math.max(0, Math.min(255, v));
    }

    @Test
    void movingObjectsBecomeBoxesAndShadowsFlashesAndFlickerDoNot() {
        MotionSettings settings = MotionSettings.builder().warmupFrames(30).build();
        MotionMiner.Mined mined;
        try (MotionMiner miner = new MotionMiner(settings)) {
            for (int f = 0; f < 80; f++) {
                miner.add(f, frame(f));
            }
            mined = miner.result();
        }
        FrameLabels labels = mined.labels();
        assertEquals(80, mined.frames());
        assertEquals(30, mined.warmupFrames());
        assertEquals(0, mined.unstableFrames());
        assertEquals(50, labels.frameCount(), "every frame after the warm-up is labelled");
        assertNull(labels.boxes(29));
        assertEquals(W, labels.width());
        assertEquals(2, mined.keptTracks(), "the two moving objects, not the flash or the flicker");
        for (int f = 30; f < 80; f++) {
            float[] boxes = labels.boxes(f);
            assertEquals(8, boxes.length, "frame " + f + ": " + java.util.Arrays.toString(boxes));
            int[] t = truth(f);
            for (int k = 0; k < 2; k++) {
                boolean found = false;
                for (int b = 0; b < 2; b++) {
                    boolean close = true;
                    for (int c = 0; c < 4; c++) {
                        close &= Math.abs(boxes[4 * b + c] - t[4 * k + c]) <= 2;
                    }
                    found |= close;
                }
                assertTrue(found, "frame " + f + ": object " + k + " " + java.util.Arrays.toString(t) + " not in "
                        + java.util.Arrays.toString(boxes));
            }
        }
    }

    @Test
    void aTrackMustPersistAndTravel() {
        MotionSettings settings = MotionSettings.builder().minTrackFrames(3).maxGapFrames(1).minTravel(0.5).build();
        BoxTracks tracks = new BoxTracks(settings);
        tracks.frameSize(100, 100);
        // Track 1 moves 3 px a frame with a one-frame gap; track 2 stays put; a box at frame 2 alone.
        tracks.add(0, new float[] {0, 0, 10, 10, 50, 50, 60, 60}, true);
        tracks.add(1, new float[] {2, 0, 12, 10, 50, 50, 60, 60, 80, 80, 90, 90}, true);
        tracks.add(2, new float[] {50, 50, 60, 60}, true);
        tracks.add(3, new float[] {6, 0, 16, 10, 50, 50, 60, 60}, false);
        tracks.add(4, new float[] {8, 0, 18, 10}, true);
        FrameLabels labels = tracks.labels();
        assertEquals(3, tracks.trackCount());
        assertEquals(1, tracks.keptTrackCount());
        assertEquals(java.util.List.of(0L, 1L, 2L, 4L), java.util.List.copyOf(labels.byFrame().keySet()));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {2, 0, 12, 10}, labels.boxes(1));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[0], labels.boxes(2));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {8, 0, 18, 10}, labels.boxes(4));
    }
}
