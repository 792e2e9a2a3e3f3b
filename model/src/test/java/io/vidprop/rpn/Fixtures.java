package io.vidprop.rpn;

import io.vidprop.vpt.RpnCase;
import io.vidprop.vpt.VptFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The golden fixtures written by tools/rpn_fixtures.py, read from the test classpath. */
final class Fixtures {
    static final List<String> RPN_CASES = List.of(
            "single_level_paper",
            "single_level_five_sizes",
            "fpn5_per_level_nms",
            "fpn5_offset_nms",
            "fpn3_two_sizes_five_ratios",
            "large_deltas_clamped",
            "nothing_passes_threshold");

    private Fixtures() {}

    static RpnCase rpnCase(String name) {
        String resource = "/fixtures/rpn_" + name + ".vpt.gz";
        try (InputStream in = open(resource)) {
            return RpnCase.read(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static VptFile file(String name) {
        String resource = "/fixtures/" + name + ".vpt.gz";
        try (InputStream in = open(resource)) {
            return VptFile.read(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = Fixtures.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing test fixture " + resource
                    + ": regenerate with /usr/bin/python3 tools/rpn_fixtures.py");
        }
        return in;
    }
}
