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
