package io.vidprop.decode;

/**
 * The format and pixel size of an encoded image, read from its header without decoding it, so oversized images
 * (decompression bombs) are refused before any pixel memory is allocated, and images the decoder itself would refuse
 * (each side over its format's limit or OpenCV's) are refused with a message that says which limit, instead of an
 * exception from native code.
 */
public record ImageHeader(ImageFormat format, int width, int height) {
    /** OpenCV's per-side limit for any decoded image (CV_IO_MAX_IMAGE_WIDTH and _HEIGHT in imgcodecs, 2^20). */
    public static final int OPENCV_MAX_SIDE = 1 << 20;
    /** OpenCV's limit on an image's pixels (CV_IO_MAX_IMAGE_PIXELS, 2^30). */
    public static final long OPENCV_MAX_PIXELS = 1L << 30;

    public long pixels() {
        return (long) width * height;
    }

    /**
     * Reads the header of a JPEG, PNG, BMP or WebP image.
     *
     * @throws IllegalArgumentException naming what is wrong when the bytes are not a readable image header
     */
    public static ImageHeader read(byte[] b) {
        if (b == null || b.length == 0) {
            throw new IllegalArgumentException("empty frame: no image bytes");
        }
        ImageFormat format = ImageFormat.sniff(b);
        if (format == null) {
            throw new IllegalArgumentException("unrecognised image format (first bytes "
                    + hex(b, Math.min(8, b.length)) + "); expected JPEG, PNG, BMP or WebP");
        }
        ImageHeader h = switch (format) {
            case JPEG -> jpeg(b);
            case PNG -> png(b);
            case BMP -> bmp(b);
            case WEBP -> webp(b);
        };
        if (h.width <= 0 || h.height <= 0) {
            throw new IllegalArgumentException(format + " header gives an invalid size " + h.width + "x" + h.height);
        }
        h.checkDecoderLimits();
        return h;
    }

    /**
     * The largest side the format's decoder accepts: libjpeg's JPEG_MAX_DIMENSION (65,500), libpng's default user
     * limit (1,000,000), libwebp's WEBP_MAX_DIMENSION (16,383); OpenCV's own BMP decoder has none beyond OpenCV's.
     */
    public static int formatMaxSide(ImageFormat format) {
        return switch (format) {
            case JPEG -> 65_500;
            case PNG -> 1_000_000;
            case WEBP -> 16_383;
            case BMP -> OPENCV_MAX_SIDE;
        };
    }

    private void checkDecoderLimits() {
        int formatMax = formatMaxSide(format);
        String limit = formatMax < OPENCV_MAX_SIDE ? format + "'s limit of " + formatMax
                : "OpenCV's limit of " + OPENCV_MAX_SIDE;
        int max = Math.min(formatMax, OPENCV_MAX_SIDE);
        if (width > max) {
            throw new IllegalArgumentException(format + " header claims " + width + "x" + height + ": width is over "
                    + limit + " pixels per side");
        }
        if (height > max) {
            throw new IllegalArgumentException(format + " header claims " + width + "x" + height + ": height is over "
                    + limit + " pixels per side");
        }
        if (pixels() > OPENCV_MAX_PIXELS) {
            throw new IllegalArgumentException(format + " header claims " + width + "x" + height + " (" + pixels()
                    + " pixels): over OpenCV's limit of " + OPENCV_MAX_PIXELS + " pixels per image");
        }
    }

    private static ImageHeader jpeg(byte[] b) {
        int i = 2;
        while (i + 4 <= b.length) {
            if ((b[i] & 0xff) != 0xff) {
                throw new IllegalArgumentException("corrupt JPEG: no marker at byte " + i);
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xff) {
                i++;
                continue;
            }
            if (marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker == 0x01) {
                i += 2;
                continue;
            }
            int length = u16be(b, i + 2);
            boolean startOfFrame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8
                    && marker != 0xcc;
            if (startOfFrame) {
                if (i + 9 > b.length) {
                    break;
                }
                return new ImageHeader(ImageFormat.JPEG, u16be(b, i + 7), u16be(b, i + 5));
            }
            if (marker == 0xd9 || marker == 0xda) {
                break; // image data began before any frame header
            }
            i += 2 + length;
        }
        throw new IllegalArgumentException("truncated or corrupt JPEG: no frame header (SOF) found in "
                + b.length + " bytes");
    }

    private static ImageHeader png(byte[] b) {
        if (b.length < 24 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            throw new IllegalArgumentException("truncated or corrupt PNG: no IHDR chunk");
        }
        return new ImageHeader(ImageFormat.PNG, (int) u32be(b, 16), (int) u32be(b, 20));
    }

    private static ImageHeader bmp(byte[] b) {
        if (b.length < 26) {
            throw new IllegalArgumentException("truncated BMP header");
        }
        int dibSize = (int) u32le(b, 14);
        if (dibSize == 12) {
            return new ImageHeader(ImageFormat.BMP, u16le(b, 18), u16le(b, 20));
        }
        // A negative height is a top-down bitmap; a negative width is invalid.
        return new ImageHeader(ImageFormat.BMP, (int) u32le(b, 18), Math.abs((int) u32le(b, 22)));
    }

    private static ImageHeader webp(byte[] b) {
        if (b.length < 30) {
            throw new IllegalArgumentException("truncated WebP header");
        }
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        return switch (chunk) {
            case "VP8 " -> new ImageHeader(ImageFormat.WEBP, u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
            case "VP8L" -> {
                long bits = u32le(b, 21);
                yield new ImageHeader(ImageFormat.WEBP, (int) (bits & 0x3fff) + 1, (int) ((bits >> 14) & 0x3fff) + 1);
            }
            case "VP8X" -> new ImageHeader(ImageFormat.WEBP, u24le(b, 24) + 1, u24le(b, 27) + 1);
            default -> throw new IllegalArgumentException("unsupported WebP chunk '" + chunk + "'");
        };
    }

    private static int u16be(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static int u16le(byte[] b, int i) {
        return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8);
    }

    private static int u24le(byte[] b, int i) {
        return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8) | ((b[i + 2] & 0xff) << 16);
    }

    private static long u32be(byte[] b, int i) {
        return ((long) (b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    private static long u32le(byte[] b, int i) {
        return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8) | ((b[i + 2] & 0xff) << 16) | ((long) (b[i + 3] & 0xff) << 24);
    }

    static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", b[i]));
        }
        return sb.toString();
    }
}
