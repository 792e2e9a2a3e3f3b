package io.vidprop.decode;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.vidprop.image.RgbImage;
import io.vidprop.kafka.Frame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes frames with OpenCV (through JavaCV). The header is read first and frames above the pixel limit are
 * refused before decoding. When the model will shrink the frame anyway, it is decoded at 1/2, 1/4 or 1/8 scale
 * (JPEG DCT scaling, OpenCV's IMREAD_REDUCED modes) instead of full size.
 *
 * <p>Every failure is an {@link IllegalArgumentException} naming the format, the claimed size and what was wrong,
 * whatever OpenCV or JavaCPP threw: a frame never fails the task. EXIF orientation is not applied (as torchvision's
 * {@code decode_jpeg}): pixels are decoded as stored, so the size in the header, the decoded image and the proposals
 * describe the same pixel frame.
 *
 * <p>Not thread-safe only in the sense that each call allocates its own native buffers; instances hold no state
 * beyond their settings and may be shared.
 */
public final class FrameDecoder {
    /** The longest Java array every JVM allocates. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
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
    /**
     * A frame as its headers say: raw pixels of the given size and format, or an encoded image.
     *
     * @throws IllegalArgumentException why the frame cannot be decoded
     */
    public DecodedFrame decode(Frame frame) {
        return frame.isRaw() ? decodeRaw(frame.payload, frame.width, frame.height, PixelFormat.parse(frame.pixelFormat))
                : decode(frame.payload);
    }

    public DecodedFrame decode(byte[] encoded) {
        ImageHeader header = ImageHeader.read(encoded);
        checkSize(header.width(), header.height());
        int reduction = reduction(header.width(), header.height());
        int flag = IMREAD_IGNORE_ORIENTATION | switch (reduction) {
            case 8 -> IMREAD_REDUCED_COLOR_8;
            case 4 -> IMREAD_REDUCED_COLOR_4;
            case 2 -> IMREAD_REDUCED_COLOR_2;
            default -> IMREAD_COLOR;
        };
        String what = header.format() + " " + header.width() + "x" + header.height();
        RgbImage image;
        try {
            image = decodeWithOpenCv(encoded, flag, what);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            // OpenCV's cv::Exception and JavaCPP's errors arrive as RuntimeExceptions; a missing native library
            // (a LinkageError) is a broken system, not a bad frame, and fails the task.
            throw new IllegalArgumentException(what + " could not be decoded: " + e.getClass().getSimpleName() + ": "
                    + firstLine(e.getMessage()), e);
        }
        // Formats whose header this class reads differently from the codec (a second frame header, say) would put
        // the proposals in another pixel frame than the record's width and height.
        if (!fits(image.width(), header.width(), reduction) || !fits(image.height(), header.height(), reduction)) {
            throw new IllegalArgumentException(what + " decoded to " + image.width() + "x" + image.height()
                    + " at 1/" + reduction + " scale: the image data disagrees with its header");
        }
        return new DecodedFrame(image, header.width(), header.height());
    }

    private static RgbImage decodeWithOpenCv(byte[] encoded, int flag, String what) {
        try (BytePointer data = new BytePointer(encoded);
                Mat buffer = new Mat(1, encoded.length, CV_8UC1, data);
                Mat bgr = imdecode(buffer, flag)) {
            if (bgr == null || bgr.empty()) {
                throw new IllegalArgumentException(what + " could not be decoded (corrupt or truncated image data)");
            }
            try (Mat rgb = new Mat()) {
                cvtColor(bgr, rgb, COLOR_BGR2RGB);
                byte[] pixels = new byte[Math.multiplyExact(Math.multiplyExact(rgb.cols(), rgb.rows()), 3)];
                rgb.data().get(pixels);
                return new RgbImage(rgb.cols(), rgb.rows(), pixels);
            }
        }
    }

    /** A side decoded at 1/reduction: JPEG rounds up (DCT scaling), the other codecs' resize rounds down. */
    private static boolean fits(int decoded, int claimed, int reduction) {
        return decoded == claimed / reduction || decoded == (claimed + reduction - 1) / reduction;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        String s = message.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).strip();
    }

    /** Wraps raw pixels, converting them to RGB. */
    public DecodedFrame decodeRaw(byte[] raw, int width, int height, PixelFormat format) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("raw frame size " + width + "x" + height + " is not positive");
        }
        long pixels = checkSize(width, height);
        String name = format.name().toLowerCase(java.util.Locale.ROOT);
        if (pixels > MAX_ARRAY / 3) {
            throw new IllegalArgumentException("raw " + name + " frame of " + width + "x" + height + " (" + pixels
                    + " pixels) is too large: its RGB copy would be over the largest array of " + MAX_ARRAY
                    + " bytes");
        }
        long expected = pixels * format.bytesPerPixel();
        if (raw.length != expected) {
            throw new IllegalArgumentException("raw " + name + " frame of " + width + "x" + height + " needs "
                    + expected + " bytes, got " + raw.length);
        }
        byte[] rgb = new byte[(int) pixels * 3];
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

    private long checkSize(int width, int height) {
        long pixels = (long) width * height; // both sides are positive ints: no overflow
        if (pixels > maxPixels) {
            throw new IllegalArgumentException("frame of " + width + "x" + height + " (" + pixels
                    + " pixels) is over the limit of " + maxPixels + " pixels");
        }
        return pixels;
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
        int shorter = Math.min(width, height);
        while (r < 8 && scale * (2 * r) <= 1.0 && shorter >= 2 * r) {
            r *= 2;
        }
        return r;
    }
}
