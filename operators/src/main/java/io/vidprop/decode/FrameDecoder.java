package io.vidprop.decode;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.vidprop.image.RgbImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes frames with OpenCV (through JavaCV). The header is read first and frames above the pixel limit are
 * refused before decoding. When the model will shrink the frame anyway, it is decoded at 1/2, 1/4 or 1/8 scale
 * (JPEG DCT scaling, OpenCV's IMREAD_REDUCED modes) instead of full size.
 *
 * <p>Not thread-safe only in the sense that each call allocates its own native buffers; instances hold no state
 * beyond their settings and may be shared.
 */
public final class FrameDecoder {
    private final long maxPixels;
    private final int targetMinSize;
    private final int targetMaxSize;

    /**
     * @param maxPixels frames with more pixels than this are refused
     * @param targetMinSize the model's shorter-side size (its resize policy), or 0 to always decode full size
     * @param targetMaxSize the model's longer-side limit
     */
    public FrameDecoder(long maxPixels, int targetMinSize, int targetMaxSize) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("the pixel limit must be positive, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
        this.targetMinSize = targetMinSize;
        this.targetMaxSize = targetMaxSize;
    }

    /** Decodes an encoded image (JPEG, PNG, BMP, WebP). */
    public DecodedFrame decode(byte[] encoded) {
        ImageHeader header = ImageHeader.read(encoded);
        checkSize(header.width(), header.height());
        int reduction = reduction(header.width(), header.height());
        int flag = switch (reduction) {
            case 8 -> IMREAD_REDUCED_COLOR_8;
            case 4 -> IMREAD_REDUCED_COLOR_4;
            case 2 -> IMREAD_REDUCED_COLOR_2;
            default -> IMREAD_COLOR;
        };
        try (BytePointer data = new BytePointer(encoded);
                Mat buffer = new Mat(1, encoded.length, CV_8UC1, data);
                Mat bgr = imdecode(buffer, flag)) {
            if (bgr == null || bgr.empty()) {
                throw new IllegalArgumentException(header.format() + " " + header.width() + "x" + header.height()
                        + " could not be decoded (corrupt or truncated image data)");
            }
            try (Mat rgb = new Mat()) {
                cvtColor(bgr, rgb, COLOR_BGR2RGB);
                byte[] pixels = new byte[rgb.cols() * rgb.rows() * 3];
                rgb.data().get(pixels);
                return new DecodedFrame(new RgbImage(rgb.cols(), rgb.rows(), pixels), header.width(), header.height());
            }
        }
    }

    /** Wraps raw pixels, converting them to RGB. */
    public DecodedFrame decodeRaw(byte[] raw, int width, int height, PixelFormat format) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("raw frame size " + width + "x" + height + " is not positive");
        }
        checkSize(width, height);
        long expected = (long) width * height * format.bytesPerPixel();
        if (raw.length != expected) {
            throw new IllegalArgumentException("raw " + format.name().toLowerCase(java.util.Locale.ROOT) + " frame of "
                    + width + "x" + height + " needs " + expected + " bytes, got " + raw.length);
        }
        byte[] rgb = new byte[width * height * 3];
        switch (format) {
            case RGB24 -> System.arraycopy(raw, 0, rgb, 0, rgb.length);
            case BGR24 -> {
                for (int i = 0; i < rgb.length; i += 3) {
                    rgb[i] = raw[i + 2];
                    rgb[i + 1] = raw[i + 1];
                    rgb[i + 2] = raw[i];
                }
            }
            case GRAY8 -> {
                for (int i = 0, o = 0; i < raw.length; i++, o += 3) {
                    rgb[o] = raw[i];
                    rgb[o + 1] = raw[i];
                    rgb[o + 2] = raw[i];
                }
            }
        }
        return new DecodedFrame(new RgbImage(width, height, rgb), width, height);
    }

    private void checkSize(int width, int height) {
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new IllegalArgumentException("frame of " + width + "x" + height + " (" + pixels
                    + " pixels) is over the limit of " + maxPixels + " pixels");
        }
    }

    /**
     * The largest of 1, 2, 4, 8 such that the model's resize (torchvision's policy) would still shrink the reduced
     * image or leave it as it is: decoding smaller than that would lose detail the model sees.
     */
    int reduction(int width, int height) {
        if (targetMinSize <= 0) {
            return 1;
        }
        double scale = Math.min((double) targetMinSize / Math.min(width, height),
                (double) targetMaxSize / Math.max(width, height));
        int r = 1;
        while (r < 8 && scale * (2 * r) <= 1.0) {
            r *= 2;
        }
        return r;
    }
}
