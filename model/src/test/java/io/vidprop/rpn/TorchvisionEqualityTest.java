package io.vidprop.rpn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vidprop.vpt.RpnCase;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every torchvision fixture reproduced: same anchors, same proposals in the same order. */
class TorchvisionEqualityTest {
    static final float COORD_TOLERANCE = 1e-3f;
    static final float SCORE_TOLERANCE = 1e-5f;

    static Stream<String> cases() {
        return Fixtures.RPN_CASES.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void anchorsEqualTorchvision(String name) {
        RpnCase c = Fixtures.rpnCase(name);
        AnchorGenerator generator = c.anchorGenerator();
        for (int l = 0; l < c.config().grids.length; l++) {
            float[] anchors = generator.anchors(l, c.config().tensor[0], c.config().tensor[1],
                    c.config().grids[l][0], c.config().grids[l][1]);
            assertArrayEquals(c.expectedAnchors(l), anchors, name + " level " + l);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void proposalsEqualTorchvision(String name) {
        RpnCase c = Fixtures.rpnCase(name);
        RegionProposer proposer = c.regionProposer();
        for (int image = 0; image < c.imageCount(); image++) {
            assertProposalsEqual(name + " image " + image, c.expected(image), c.propose(proposer, image));
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void preselectedCandidatesGiveTheSameProposals(String name) {
        RpnCase c = Fixtures.rpnCase(name);
        ProposalFilter filter = c.proposalFilter();
        AnchorGenerator generator = c.anchorGenerator();
        for (int image = 0; image < c.imageCount(); image++) {
            LevelPrediction[] levels = c.levels(image);
            LevelCandidates[] candidates = new LevelCandidates[levels.length];
            float[][] anchors = new float[levels.length][];
            for (int l = 0; l < levels.length; l++) {
                candidates[l] = topK(levels[l], filter.preNmsTopN());
                anchors[l] = generator.anchors(l, c.config().tensor[0], c.config().tensor[1],
                        levels[l].height(), levels[l].width());
            }
            Proposals p = filter.filter(candidates, anchors, c.config().images[image][0], c.config().images[image][1]);
            assertProposalsEqual(name + " image " + image, c.expected(image), p);
        }
    }

    /** A plain full sort, the way a device-side topk hands candidates over. */
    private static LevelCandidates topK(LevelPrediction p, int k) {
        int a = p.anchorsPerLocation();
        int plane = p.height() * p.width();
        Integer[] order = new Integer[p.anchorCount()];
        float[] byAnchor = new float[order.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            byAnchor[i] = p.objectness()[p.objectnessOffset() + (i % a) * plane + i / a];
        }
        java.util.Arrays.sort(order, (x, y) -> Float.compare(byAnchor[y], byAnchor[x]));
        int n = Math.min(k, order.length);
        int[] index = new int[n];
        float[] logits = new float[n];
        float[] deltas = new float[4 * n];
        for (int i = 0; i < n; i++) {
            int anchor = order[i];
            index[i] = anchor;
            logits[i] = byAnchor[anchor];
            for (int j = 0; j < 4; j++) {
                deltas[4 * i + j] = p.deltas()[p.deltasOffset() + (4 * (anchor % a) + j) * plane + anchor / a];
            }
        }
        return new LevelCandidates(n, index, logits, deltas);
    }

    @Test
    void fixturesCoverBothNmsStrategiesAndEmptyOutput() {
        // The per-level strategy runs above 1000 candidates, the offset one at or below: both must be exercised.
        assertTrue(Fixtures.rpnCase("fpn5_per_level_nms").expected(0).size() == 1000);
        assertTrue(Fixtures.rpnCase("fpn5_offset_nms").config().pre_nms_top_n * 5 <= 1000);
        assertEquals(0, Fixtures.rpnCase("nothing_passes_threshold").expected(0).size());
    }

    @Test
    void repeatedCallsGiveIdenticalResults() {
        RpnCase c = Fixtures.rpnCase("fpn5_per_level_nms");
        RegionProposer proposer = c.regionProposer();
        Proposals first = c.propose(proposer, 1);
        c.propose(proposer, 0);
        Proposals again = c.propose(proposer, 1);
        assertArrayEquals(first.boxes(), again.boxes());
        assertArrayEquals(first.scores(), again.scores());
    }

    static void assertProposalsEqual(String what, Proposals expected, Proposals actual) {
        assertEquals(expected.size(), actual.size(), what + ": proposal count");
        for (int i = 0; i < expected.size(); i++) {
            for (int k = 0; k < 4; k++) {
                float e = expected.boxes()[4 * i + k];
                float a = actual.boxes()[4 * i + k];
                if (!(Math.abs(e - a) <= COORD_TOLERANCE)) {
                    fail(what + ": proposal " + i + " coordinate " + k + " expected " + e + " but was " + a
                            + " (expected box " + box(expected, i) + ", got " + box(actual, i) + ")");
                }
            }
            float e = expected.score(i);
            float a = actual.score(i);
            if (!(Math.abs(e - a) <= SCORE_TOLERANCE)) {
                fail(what + ": proposal " + i + " score expected " + e + " but was " + a);
            }
        }
    }

    private static String box(Proposals p, int i) {
        return "[" + p.x1(i) + ", " + p.y1(i) + ", " + p.x2(i) + ", " + p.y2(i) + "]";
    }
}
