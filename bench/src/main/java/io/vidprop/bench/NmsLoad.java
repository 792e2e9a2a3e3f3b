package io.vidprop.bench;

import com.google.gson.JsonParser;
import io.vidprop.rpn.Nms;
import io.vidprop.vpt.VptFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/** A bench load for NMS: random boxes and scores, with the indices {@code torchvision.ops.nms} kept. */
final class NmsLoad {
    private final int size;
    private final float[] boxes;
    private final float[] scores;
    private final double iouThreshold;
    private final int[] expectedKeep;

    private NmsLoad(int size, VptFile file) {
        this.size = size;
        this.boxes = file.floats("boxes");
        this.scores = file.floats("scores");
        this.expectedKeep = file.ints("keep");
        this.iouThreshold = JsonParser.parseString(file.text("config")).getAsJsonObject()
                .get("iou_threshold").getAsDouble();
    }

    /** Reads {@code <dir>/nms_<size>.vpt.gz}. */
    static NmsLoad read(Path dir, int size) throws IOException {
        return new NmsLoad(size, VptFile.read(BenchFiles.require(dir, "nms_" + size + ".vpt.gz")));
    }

    /** The measured operation. */
    int[] nms() {
        return Nms.nms(boxes, scores, iouThreshold);
    }

    /**
     * Checks that vidprop keeps exactly the indices torchvision kept, in the same order.
     *
     * @throws IllegalStateException at the first difference
     */
    void verify() {
        int[] actual = nms();
        int i = Arrays.mismatch(expectedKeep, actual);
        if (i >= 0) {
            throw new IllegalStateException("nms " + size + ": torchvision kept " + expectedKeep.length
                    + " boxes, vidprop " + actual.length + "; they first differ at position " + i + " ("
                    + (i < expectedKeep.length ? expectedKeep[i] : "none") + " vs "
                    + (i < actual.length ? actual[i] : "none") + ")");
        }
    }
}
