package io.vidprop.rpn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vidprop.vpt.RpnCase;
import org.junit.jupiter.api.Test;

class ProposalFilterTest {

    @Test
    void rejectsNonFiniteObjectnessWithItsPosition() {
        RpnCase c = Fixtures.rpnCase("fpn5_offset_nms");
        LevelPrediction[] levels = c.levels(0);
        LevelPrediction l1 = levels[1];
        float[] objectness = l1.objectness().clone();
        // anchor 2, row 3, column 4 of level 1
        objectness[l1.objectnessOffset() + (2 * l1.height() + 3) * l1.width() + 4] = Float.NaN;
        levels[1] = new LevelPrediction(l1.anchorsPerLocation(), l1.height(), l1.width(), objectness,
                l1.objectnessOffset(), l1.deltas(), l1.deltasOffset());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.regionProposer().propose(levels, 200, 304, 200, 300));
        assertEquals("level 1: objectness of anchor 2 at grid location (3, 4) is NaN", e.getMessage());
    }

    @Test
    void rejectsDeltasThatDecodeToInfiniteBoxes() {
        float[] objectness = {1f};
        float[] deltas = {Float.POSITIVE_INFINITY, 0, 0, 0};
        RegionProposer proposer = new RegionProposer(
                new AnchorGenerator(new float[][] {{16}}, new float[][] {{1f}}), ProposalFilter.builder().build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> proposer.propose(new LevelPrediction[] {LevelPrediction.of(1, 1, 1, objectness, deltas)},
                        16, 16, 16, 16));
        assertEquals("level 0: anchor 0 decodes to a non-finite box [Infinity, -8.0, Infinity, 8.0]: "
                + "the box deltas are not finite", e.getMessage());
    }

    @Test
    void softNmsKeepsTheOverlappingBoxThatHardNmsDrops() {
        // One location, two anchors (16 and 20 px squares, IoU 0.64 when centred together), no deltas.
        AnchorGenerator anchors = new AnchorGenerator(new float[][] {{16, 20}}, new float[][] {{1f}});
        float[] objectness = {2f, 1f};
        float[] deltas = new float[8];
        LevelPrediction[] levels = {LevelPrediction.of(2, 1, 1, objectness, deltas)};
        ProposalFilter.Builder b = ProposalFilter.builder().nmsThreshold(0.5);
        Proposals hard = new RegionProposer(anchors, b.build()).propose(levels, 64, 64, 64, 64);
        assertEquals(1, hard.size());
        assertEquals(NmsMethod.HARD, b.build().nmsMethod(), "the default is torchvision's");

        Proposals soft = new RegionProposer(anchors, b.nmsMethod(NmsMethod.SOFT_LINEAR).build())
                .propose(levels, 64, 64, 64, 64);
        assertEquals(2, soft.size());
        assertArrayEquals(new float[] {0, 0, 8, 8, 0, 0, 10, 10}, soft.boxes(), "clipped at the image's corner");
        assertEquals(ProposalFilter.sigmoid(2f), soft.score(0));
        assertEquals(ProposalFilter.sigmoid(1f) * (1f - 64f / 100f), soft.score(1), 1e-6f);
    }

    @Test
    void preNmsTopKPicksHighestObjectnessPerLevelAndPostNmsTruncates() {
        // Four 1x1 locations with one anchor each, far apart so nothing is suppressed.
        AnchorGenerator anchors = new AnchorGenerator(new float[][] {{8}}, new float[][] {{1f}});
        float[] objectness = {0.1f, 3f, -2f, 1f};
        float[] deltas = new float[16];
        ProposalFilter filter = ProposalFilter.builder().preNmsTopN(3).postNmsTopN(2).build();
        Proposals p = new RegionProposer(anchors, filter)
                .propose(new LevelPrediction[] {LevelPrediction.of(1, 2, 2, objectness, deltas)}, 64, 64, 64, 64);
        assertEquals(2, p.size());
        // Highest: location (0, 1) then (1, 1); stride 32; boxes clipped at 0.
        assertArrayEquals(new float[] {28, 0, 36, 4, 28, 28, 36, 36}, p.boxes());
        assertEquals(ProposalFilter.sigmoid(3f), p.score(0));
        assertEquals(ProposalFilter.sigmoid(1f), p.score(1));
    }

    @Test
    void builderValidatesAtBuild() {
        assertEquals("preNmsTopN must be positive, got 0", assertThrows(IllegalArgumentException.class,
                () -> ProposalFilter.builder().preNmsTopN(0).build()).getMessage());
        assertEquals("postNmsTopN must be positive, got -1", assertThrows(IllegalArgumentException.class,
                () -> ProposalFilter.builder().postNmsTopN(-1).build()).getMessage());
        assertEquals("the NMS IoU threshold must be in [0, 1], got NaN", assertThrows(IllegalArgumentException.class,
                () -> ProposalFilter.builder().nmsThreshold(Double.NaN).build()).getMessage());
        assertEquals("minSize must be a finite number of pixels >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class,
                        () -> ProposalFilter.builder().minSize(-1).build()).getMessage());
    }

    @Test
    void rejectsPredictionsThatDoNotMatchTheAnchors() {
        RegionProposer proposer = new RegionProposer(
                new AnchorGenerator(new float[][] {{16}}, new float[][] {{0.5f, 1f}}), ProposalFilter.builder().build());
        LevelPrediction one = LevelPrediction.of(1, 2, 2, new float[4], new float[16]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> proposer.propose(new LevelPrediction[] {one}, 32, 32, 32, 32));
        assertEquals("level 0 predicts 1 anchors per location but the anchor generator makes 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LevelPrediction.of(2, 2, 2, new float[7], new float[32]));
        assertEquals("objectness holds 7 values; [2, 2, 2] at offset 0 does not fit", e.getMessage());
    }
}
