package io.vidprop.cli;

import io.vidprop.labels.FrameLabels;
import io.vidprop.labels.LabelsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --video FILE --labels FILE}: a video and its ground truth (COCO JSON or MOT gt.txt), given together. */
final class LabelledVideoOptions {
    @Option(names = "--video", paramLabel = "FILE",
            description = "A video file whose frames --labels labels (instead of synthetic scenes).")
    Path video;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Ground truth for --video: COCO JSON (images named or numbered by frame index, or with "
                    + "frame_index) or a MOT-challenge gt.txt (frames from 1).")
    Path labels;

    boolean given() {
        return video != null || labels != null;
    }

    /** The labels, after checking that both options are there and the files exist. */
    FrameLabels read() throws IOException {
        if (video == null || labels == null) {
            throw new IllegalArgumentException("--video and --labels go together: give both, or neither for "
                    + "synthetic scenes");
        }
        if (!Files.isRegularFile(video)) {
            throw new IllegalArgumentException(video + ": no such video file");
        }
        if (!Files.isRegularFile(labels)) {
            throw new IllegalArgumentException(labels + ": no such label file");
        }
        FrameLabels read = LabelsReader.forFile(labels).read(labels);
        if (read.frameCount() == 0) {
            throw new IllegalArgumentException(labels + ": labels no frames");
        }
        return read;
    }
}
