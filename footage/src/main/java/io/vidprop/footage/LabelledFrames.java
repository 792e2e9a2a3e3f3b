package io.vidprop.footage;

import io.vidprop.labels.FrameLabels;
import io.vidprop.train.LabeledImage;
import io.vidprop.video.VideoFileReader;
import io.vidprop.video.VideoFrame;
import io.vidprop.video.VideoRange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The labelled frames of a video file, decoded in order: frames the labels do not list are skipped. The labels must
 * fit the video: a label for a frame past the video's end, or labels made on frames of another size, are errors
 * rather than silently lower recall.
 */
public final class LabelledFrames {
    private LabelledFrames() {}

    /** Receives each labelled frame with its ground truth. */
    @FunctionalInterface
    public interface Sink {
        void accept(long frameIndex, LabeledImage frame) throws IOException;
    }

    /** Decodes the video once and hands each labelled frame to the sink; returns how many it handed over. */
    public static int scan(Path video, FrameLabels labels, Sink sink) throws IOException {
        if (labels.frameCount() == 0) {
            throw new IllegalArgumentException("the labels list no frames");
        }
        long last = labels.byFrame().lastKey();
        int handed = 0;
        long decoded = 0;
        try (VideoFileReader reader = VideoFileReader.open(video, VideoRange.ALL, 0L)) {
            if (labels.width() > 0 && (labels.width() != reader.width() || labels.height() != reader.height())) {
                throw new IllegalArgumentException("the labels were made on " + labels.width() + "x"
                        + labels.height() + " frames but " + video + " is " + reader.width() + "x" + reader.height());
            }
            VideoFrame f;
            while (decoded <= last && (f = reader.next()) != null) {
                decoded = f.index() + 1;
                float[] boxes = labels.boxes(f.index());
                if (boxes != null) {
                    sink.accept(f.index(), new LabeledImage(f.image(), boxes));
                    handed++;
                }
            }
        }
        if (decoded <= last) {
            throw new IllegalArgumentException("the labels name frames up to " + last + " but " + video + " has "
                    + decoded + " frames (0 to " + (decoded - 1) + "): labels of another video?");
        }
        return handed;
    }

    /** All labelled frames in memory, in frame order (for training). */
    public static List<LabeledImage> load(Path video, FrameLabels labels) throws IOException {
        List<LabeledImage> out = new ArrayList<>(labels.frameCount());
        scan(video, labels, (index, frame) -> out.add(frame));
        return out;
    }
}
