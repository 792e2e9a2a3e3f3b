package io.vidprop.bench;

import io.vidprop.rpn.Proposals;
import io.vidprop.rpn.RegionProposer;
import io.vidprop.vpt.RpnCase;
import java.io.IOException;
import java.nio.file.Path;

/** A bench load for the RPN post-processing: image 0 of a recorded case, with torchvision's proposals for it. */
final class RpnLoad {
    static final float COORD_TOLERANCE = 1e-3f;
    static final float SCORE_TOLERANCE = 1e-5f;

    private final String name;
    private final RpnCase rpnCase;
    private final RegionProposer proposer;

    private RpnLoad(String name, RpnCase rpnCase) {
        this.name = name;
        this.rpnCase = rpnCase;
        this.proposer = rpnCase.regionProposer();
    }

    /** Reads {@code <dir>/<name>.vpt.gz}. */
    static RpnLoad read(Path dir, String name) throws IOException {
        return new RpnLoad(name, RpnCase.read(BenchFiles.require(dir, name + ".vpt.gz")));
    }

    /** The measured operation: anchors, decoding and filtering for image 0. */
    Proposals propose() {
        return rpnCase.propose(proposer, 0);
    }

    /**
     * Checks that vidprop proposes what torchvision proposed: the same number of boxes in the same order,
     * coordinates within {@value #COORD_TOLERANCE} and scores within {@value #SCORE_TOLERANCE}.
     *
     * @throws IllegalStateException at the first difference
     */
    void verify() {
        Proposals expected = rpnCase.expected(0);
        Proposals actual = propose();
        if (expected.size() != actual.size()) {
            throw new IllegalStateException(name + ": torchvision made " + expected.size() + " proposals, vidprop "
                    + actual.size());
        }
        for (int i = 0; i < expected.size(); i++) {
            for (int k = 0; k < 4; k++) {
                float e = expected.boxes()[4 * i + k];
                float a = actual.boxes()[4 * i + k];
                if (!(Math.abs(e - a) <= COORD_TOLERANCE)) {
                    throw new IllegalStateException(name + ": proposal " + i + " coordinate " + k + " is " + a
                            + ", torchvision's is " + e);
                }
            }
            if (!(Math.abs(expected.score(i) - actual.score(i)) <= SCORE_TOLERANCE)) {
                throw new IllegalStateException(name + ": proposal " + i + " score is " + actual.score(i)
                        + ", torchvision's is " + expected.score(i));
            }
        }
    }
}
