package io.vidprop.motion;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_HEIGHT;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_LEFT;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_TOP;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_WIDTH;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_CLOSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_ELLIPSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.connectedComponentsWithStats;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.morphologyEx;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;
import static org.bytedeco.opencv.global.opencv_video.createBackgroundSubtractorMOG2;

import io.vidprop.image.RgbImage;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_video.BackgroundSubtractorMOG2;

/**
 * Boxes of the foreground blobs of one camera's frames, in order: MOG2 with shadow detection (shadow pixels, which
 * MOG2 marks 127, are dropped with a threshold at 200), an opening that removes speckle noise, a closing that joins
 * the parts of one object, then connected components within the size limits. Not thread-safe; holds native memory.
 */
public final class ForegroundBoxes implements AutoCloseable {
    private final MotionSettings settings;
    private final BackgroundSubtractorMOG2 mog2;
    private final Mat frame = new Mat();
    private final Mat mask = new Mat();
    private final Mat binary = new Mat();
    private final Mat labels = new Mat();
    private final Mat stats = new Mat();
    private final Mat centroids = new Mat();
    private Mat open;
    private Mat close;
    private int width;
    private int height;

    public ForegroundBoxes(MotionSettings settings) {
        this.settings = settings;
        this.mog2 = createBackgroundSubtractorMOG2(settings.history(), settings.varThreshold(), true);
    }

    /** What one frame gave: its boxes (x1, y1, x2, y2 each) and whether it was usable at all. */
    public record Result(float[] boxes, boolean unstable, double foregroundFraction) {}

    public Result next(RgbImage image) {
        if (open == null) {
            width = image.width();
            height = image.height();
            frame.create(height, width, CV_8UC3);
            int k = Math.max(3, (int) Math.round(Math.min(width, height) / 64.0) | 1);
            open = getStructuringElement(MORPH_ELLIPSE, new Size(3, 3));
            close = getStructuringElement(MORPH_ELLIPSE, new Size(k, k));
        } else if (image.width() != width || image.height() != height) {
            throw new IllegalArgumentException("frame size changed from " + width + "x" + height + " to "
                    + image.width() + "x" + image.height() + "; one background model follows one camera view");
        }
        frame.data().put(image.pixels());
        mog2.apply(frame, mask);
        threshold(mask, binary, 200, 255, THRESH_BINARY);
        morphologyEx(binary, binary, MORPH_OPEN, open);
        morphologyEx(binary, binary, MORPH_CLOSE, close);
        double area = (double) width * height;
        double fg = countNonZero(binary) / area;
        if (fg > settings.maxForegroundFraction()) {
            return new Result(new float[0], true, fg);
        }
        int n = connectedComponentsWithStats(binary, labels, stats, centroids);
        float[] out = new float[4 * n];
        int kept = 0;
        try (IntIndexer s = stats.createIndexer()) {
            for (int i = 1; i < n; i++) {
                int w = s.get(i, CC_STAT_WIDTH);
                int h = s.get(i, CC_STAT_HEIGHT);
                double boxArea = (double) w * h;
                if (boxArea < settings.minAreaFraction() * area || boxArea > settings.maxAreaFraction() * area
                        || h < settings.minHeightPixels() || s.get(i, CC_STAT_AREA) < 0.2 * boxArea) {
                    continue;
                }
                int x = s.get(i, CC_STAT_LEFT);
                int y = s.get(i, CC_STAT_TOP);
                out[kept++] = x;
                out[kept++] = y;
                out[kept++] = x + w;
                out[kept++] = y + h;
            }
        }
        return new Result(java.util.Arrays.copyOf(out, kept), false, fg);
    }

    @Override
    public void close() {
        mog2.close();
        frame.close();
        mask.close();
        binary.close();
        labels.close();
        stats.close();
        centroids.close();
        if (open != null) {
            open.close();
            close.close();
        }
    }
}
