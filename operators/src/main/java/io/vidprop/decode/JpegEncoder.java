package io.vidprop.decode;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.vidprop.image.RgbImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Encodes images as JPEG with OpenCV (libjpeg-turbo), for publishing video frames to Kafka. */
public final class JpegEncoder {
    private final int quality;

    /**
     * The quality frames are encoded with by default, wherever vidprop encodes them (replay, ingest, batch, demo): the
     * same frames at the same quality give the same proposals.
     */
    public static final int DEFAULT_QUALITY = 90;

    public JpegEncoder(int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1..100, got " + quality);
        }
        this.quality = quality;
    }

    public byte[] encode(RgbImage image) {
        try (BytePointer pixels = new BytePointer(image.pixels());
                Mat rgb = new Mat(image.height(), image.width(), CV_8UC3, pixels);
                Mat bgr = new Mat()) {
            cvtColor(rgb, bgr, COLOR_RGB2BGR);
            return encodeBgr(bgr);
        }
    }

    /** Encodes an OpenCV image in its native BGR (or single-channel gray) layout, as grabbed from video. */
    public byte[] encodeBgr(Mat bgr) {
        try (BytePointer out = new BytePointer();
                IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, quality)) {
            if (!imencode(".jpg", bgr, out, params)) {
                throw new IllegalStateException("OpenCV could not encode a " + bgr.cols() + "x" + bgr.rows()
                        + " JPEG");
            }
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            return bytes;
        }
    }
}
