package io.vidprop.labels;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Reads ground-truth boxes of one video from a label file. */
public interface LabelsReader {
    FrameLabels read(Path file) throws IOException;

    /** COCO JSON for {@code .json} files, MOT-challenge {@code gt.txt} for {@code .txt} files. */
    static LabelsReader forFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return new CocoLabelsReader();
        }
        if (name.endsWith(".txt")) {
            return new MotLabelsReader();
        }
        throw new IllegalArgumentException(file + ": unknown label format; give COCO JSON (.json) or a "
                + "MOT-challenge gt.txt (.txt)");
    }
}
