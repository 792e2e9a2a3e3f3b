package io.vidprop.rpn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AnchorGeneratorTest {
    private final AnchorGenerator paper = new AnchorGenerator(
            new float[][] {{128, 256, 512}}, new float[][] {{0.5f, 1f, 2f}});

    @Test
    void cellAnchorsAreRatioMajorAndRoundedHalfToEven() {
        // torchvision: ws = size / sqrt(ratio), hs = size * sqrt(ratio), [-ws, -hs, ws, hs] / 2, rounded.
        assertArrayEquals(new float[] {
                -91, -45, 91, 45, -181, -91, 181, 91, -362, -181, 362, 181,
                -64, -64, 64, 64, -128, -128, 128, 128, -256, -256, 256, 256,
                -45, -91, 45, 91, -91, -181, 91, 181, -181, -362, 181, 362}, paper.cellAnchors(0));
        assertEquals(9, paper.anchorsPerLocation(0));
        // 5 / 2 = 2.5 rounds to 2, 3 / 2 = 1.5 rounds to 2.
        AnchorGenerator odd = new AnchorGenerator(new float[][] {{5, 3}}, new float[][] {{1f}});
        assertArrayEquals(new float[] {-2, -2, 2, 2, -2, -2, 2, 2}, odd.cellAnchors(0));
    }

    @Test
    void gridIsLocationMajorWithIntegerStrides() {
        float[] anchors = paper.anchors(0, 600, 800, 37, 50);
        assertEquals(37 * 50 * 9 * 4, anchors.length);
        // Location (row 1, column 2): stride 600 / 37 = 16 vertically, 800 / 50 = 16 horizontally.
        int first = ((50 + 2) * 9) * 4;
        assertArrayEquals(new float[] {32 - 91, 16 - 45, 32 + 91, 16 + 45},
                java.util.Arrays.copyOfRange(anchors, first, first + 4));
    }

    @Test
    void gridsAreCachedPerImageAndGridSize() {
        assertSame(paper.anchors(0, 600, 800, 38, 50), paper.anchors(0, 600, 800, 38, 50));
        float[] other = paper.anchors(0, 608, 800, 38, 50);
        assertEquals(38 * 50 * 9 * 4, other.length);
    }

    @Test
    void rejectsInconsistentConfiguration() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AnchorGenerator(new float[][] {{32}, {64}}, new float[][] {{1f}}));
        assertEquals("sizes are given for 2 levels but aspect ratios for 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new AnchorGenerator(new float[][] {{32}}, new float[][] {{-1f}}));
        assertEquals("level 0: aspect ratio -1.0 must be positive and finite", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> paper.anchors(1, 600, 800, 38, 50));
        assertEquals("level 1 does not exist: the generator has 1 levels", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> paper.anchors(0, 30, 800, 38, 50));
        assertEquals("level 0: a 38x50 feature grid does not fit a 30x800 image", e.getMessage());
    }
}
