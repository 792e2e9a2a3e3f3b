package io.vidprop.testing;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import io.vidprop.kafka.FrameHeaders;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A seeded corpus of hostile Kafka frame records interleaved with good frames of several cameras, each record with the
 * outcome the job must give it ({@link Outcome}): decoded at a stated size, or a dead letter whose reason contains a
 * stated text. The outcomes follow from how each record is made, not from running a decoder: truncated JPEGs (cut
 * before their frame header) and PNGs (cut inside their image data), PNGs with flipped bits in their image data (the
 * chunk's CRC no longer matches), BMPs with garbled pixel data (no checksum: they decode), headers claiming sizes over
 * each format's and OpenCV's limits, zero and negative sizes, sizes over the default pixel limit (7680x4320), random
 * bytes, unknown {@code vidprop.format} values, raw frames with correct and incorrect sizes, lengths and pixel formats,
 * malformed sequence and time headers, empty values and oversized records. Good frames are 4:3 so that, at batch size
 * 1, their proposals equal direct inference. Hostile frames are keyed to cameras of their own ({@code hostile-N}),
 * numbered there in order, so no good frame is ever a duplicate.
 */
public final class HostileFrames {
    /** The default pixel limit the size claims are made against (ProposalSettings.DEFAULT_MAX_PIXELS, 8K UHD). */
    public static final long MAX_PIXELS = 7680L * 4320;

    /** What the job must make of a record: proposals for a frame of {@code width x height}, or a dead letter. */
    public record Outcome(String reason, int width, int height) {
        public static Outcome decoded(int width, int height) {
            return new Outcome(null, width, height);
        }

        /** A dead letter whose reason contains {@code reason}. */
        public static Outcome deadLetter(String reason) {
            return new Outcome(reason, 0, 0);
        }

        public boolean decodes() {
            return reason == null;
        }

        @Override
        public String toString() {
            return decodes() ? "decoded " + width + "x" + height : "dead letter: " + reason;
        }
    }

    /** One record: key, value (null allowed), headers in order, what it is, and its outcome. */
    public record Fuzz(String camera, byte[] value, Map<String, byte[]> headers, String kind, Outcome expected) {
        public boolean good() {
            return kind.equals("good");
        }

        /** The sequence number its header gives (records that decode always have a valid one). */
        public long sequence() {
            return Long.parseLong(new String(headers.get(FrameHeaders.SEQUENCE), StandardCharsets.UTF_8).trim());
        }
    }

    public static final String[] KINDS = {"truncated", "bit-flipped", "garbled", "size-claim", "random-bytes",
        "wrong-format", "raw", "empty", "bad-headers", "oversized"};

    private static final int[][] SIZES = {{64, 48}, {32, 24}, {48, 36}};

    /** A base image: its encodings and size. */
    private record Base(int width, int height, byte[] jpeg, byte[] png, byte[] bmp, byte[] webp) {}

    /** Image bytes and what they must come to. */
    private record Made(byte[] value, Outcome outcome) {}

    private final Random random;
    private final List<Base> bases = new ArrayList<>();
    private final int oversizedBytes;
    private final Map<String, Long> nextSequence = new LinkedHashMap<>();
    private long clock = 1_764_000_000_000L;

    /**
     * @param oversizedBytes size of the "oversized" random records (keep it under the broker's max.message.bytes)
     */
    public HostileFrames(long seed, int oversizedBytes) {
        this.random = new Random(seed);
        this.oversizedBytes = oversizedBytes;
        for (int[] size : SIZES) {
            BufferedImage img = image(size[0], size[1]);
            bases.add(new Base(size[0], size[1], ForgedImages.encode(img, "jpg"), ForgedImages.encode(img, "png"), ForgedImages.encode(img, "bmp"),
                    ForgedImages.webp(img)));
        }
    }

    /** {@code hostile} hostile records and {@code goodPerCamera} good ones per camera, shuffled together by the seed. */
    public List<Fuzz> corpus(int hostile, int goodPerCamera, String... cameras) {
        List<Fuzz> good = new ArrayList<>();
        for (String camera : cameras) {
            for (int i = 0; i < goodPerCamera; i++) {
                BufferedImage img = image(64, 48);
                byte[] bytes = i % 3 == 2 ? ForgedImages.encode(img, "png") : ForgedImages.encode(img, "jpg");
                good.add(new Fuzz(camera, bytes, numbered(camera), "good", Outcome.decoded(64, 48)));
            }
        }
        List<Fuzz> bad = new ArrayList<>();
        for (int i = 0; i < hostile; i++) {
            bad.add(hostile(KINDS[i % KINDS.length], "hostile-" + (i % 3)));
        }
        // Interleave, keeping each camera's order (so sequence numbers stay increasing).
        List<Fuzz> out = new ArrayList<>(good.size() + bad.size());
        int g = 0;
        int b = 0;
        while (g < good.size() || b < bad.size()) {
            boolean takeGood = b >= bad.size() || (g < good.size()
                    && random.nextInt(good.size() + bad.size()) < good.size());
            out.add(takeGood ? good.get(g++) : bad.get(b++));
        }
        return out;
    }

    private Map<String, byte[]> numbered(String camera) {
        long seq = nextSequence.merge(camera, 1L, Long::sum);
        clock += 40;
        Map<String, byte[]> h = new LinkedHashMap<>();
        h.put(FrameHeaders.SEQUENCE, utf8(Long.toString(seq)));
        h.put(FrameHeaders.CAPTURE_TIMESTAMP, utf8(Long.toString(clock)));
        return h;
    }

    private Fuzz hostile(String kind, String camera) {
        Map<String, byte[]> h = numbered(camera);
        Base base = bases.get(random.nextInt(bases.size()));
        Made made = switch (kind) {
            case "truncated" -> random.nextBoolean() ? truncatedJpeg(base) : truncatedPng(base);
            case "bit-flipped" -> bitFlippedPng(base);
            case "garbled" -> garbledBmp(base);
            case "size-claim" -> sizeClaim();
            case "random-bytes" -> randomBytes();
            case "wrong-format" -> {
                String[] formats = {"gif", "", "jpeg2000", "tiff", "\u00ff\u00fe"};
                String format = formats[random.nextInt(formats.length)];
                h.put(FrameHeaders.FORMAT, utf8(format));
                yield new Made(base.jpeg().clone(), Outcome.deadLetter("header " + FrameHeaders.FORMAT + " is '"
                        + format + "', expected jpeg, png, bmp, webp or raw"));
            }
            case "raw" -> raw(h);
            case "empty" -> new Made(random.nextBoolean() ? null : new byte[0],
                    Outcome.deadLetter("empty frame: no image bytes"));
            case "bad-headers" -> {
                String[] values = {"abc", "", "1e3", "99999999999999999999", "-", " 12 3", "0x10"};
                String header = random.nextBoolean() ? FrameHeaders.SEQUENCE : FrameHeaders.CAPTURE_TIMESTAMP;
                String value = values[random.nextInt(values.length)];
                h.put(header, utf8(value));
                yield new Made(base.jpeg().clone(), Outcome.deadLetter("header " + header + " is '" + value.trim()
                        + "', expected a whole number"));
            }
            case "oversized" -> {
                // A size claim followed by random bytes up to oversizedBytes: refused on the claim alone.
                Made claim = sizeClaim();
                byte[] r = new byte[Math.max(oversizedBytes, claim.value().length)];
                random.nextBytes(r);
                System.arraycopy(claim.value(), 0, r, 0, claim.value().length);
                yield new Made(r, claim.outcome());
            }
            default -> throw new IllegalArgumentException(kind);
        };
        return new Fuzz(camera, made.value(), h, kind, made.outcome());
    }

    /** A JPEG cut anywhere before the end of its frame header (SOF): no size to read. */
    private Made truncatedJpeg(Base base) {
        int sof = ForgedImages.jpegSof(base.jpeg());
        int length = 4 + random.nextInt(sof + 9 - 4);
        return new Made(Arrays.copyOf(base.jpeg(), length), Outcome.deadLetter(
                "truncated or corrupt JPEG: no frame header (SOF) found in " + length + " bytes"));
    }

    /** A PNG cut inside the first half of its image data: the header is whole, the pixels are not. */
    private Made truncatedPng(Base base) {
        int[] idat = ForgedImages.pngIdat(base.png());
        int length = idat[0] + random.nextInt(Math.max(1, idat[1] / 2));
        return new Made(Arrays.copyOf(base.png(), length), cannotDecode("PNG", base));
    }

    /** A PNG with 1 to 16 bits flipped in its image data: its CRC no longer matches, and libpng checks it. */
    private Made bitFlippedPng(Base base) {
        byte[] png = base.png().clone();
        int[] idat = ForgedImages.pngIdat(png);
        int flips = 1 + random.nextInt(16);
        for (int i = 0; i < flips; i++) {
            png[idat[0] + random.nextInt(idat[1])] ^= (byte) (1 << random.nextInt(8));
        }
        return new Made(png, cannotDecode("PNG", base));
    }

    /** A BMP with up to 64 bytes of its pixel data garbled: BMP has no checksum, so it decodes at its size. */
    private Made garbledBmp(Base base) {
        byte[] bmp = base.bmp().clone();
        int pixelsAt = 54;
        int at = pixelsAt + random.nextInt(bmp.length - pixelsAt);
        int n = Math.min(bmp.length - at, 1 + random.nextInt(64));
        for (int i = 0; i < n; i++) {
            bmp[at + i] = (byte) random.nextInt(256);
        }
        return new Made(bmp, Outcome.decoded(base.width(), base.height()));
    }

    private static Outcome cannotDecode(String format, Base base) {
        return Outcome.deadLetter(format + " " + base.width() + "x" + base.height()
                + " could not be decoded (corrupt or truncated image data)");
    }

    /** An image header claiming a size no decoder may be asked for, and why it is refused. */
    private Made sizeClaim() {
        int small = 1 + random.nextInt(1000);
        return switch (random.nextInt(9)) {
            case 0 -> new Made(ForgedImages.jpegClaim(bases.get(0).jpeg(), 65_501, small), overSide("JPEG", 65_501, small, "width",
                    "JPEG's limit of 65500"));
            case 1 -> new Made(ForgedImages.jpegClaim(bases.get(0).jpeg(), small, 65_535), overSide("JPEG", small, 65_535, "height",
                    "JPEG's limit of 65500"));
            case 2 -> new Made(ForgedImages.pngClaim(bases.get(0).png(), 1_000_001, small), overSide("PNG", 1_000_001, small, "width",
                    "PNG's limit of 1000000"));
            case 3 -> new Made(ForgedImages.pngClaim(bases.get(0).png(), 40_000, 40_000), Outcome.deadLetter("PNG header claims 40000x40000 "
                    + "(1600000000 pixels): over OpenCV's limit of 1073741824 pixels per image"));
            case 4 -> {
                int w = random.nextBoolean() ? -1 : Integer.MIN_VALUE;
                yield new Made(ForgedImages.pngClaim(bases.get(0).png(), w, 48), Outcome.deadLetter("PNG header gives an invalid size " + w + "x48"));
            }
            case 5 -> new Made(ForgedImages.bmpClaim(random, 0, small), Outcome.deadLetter("BMP header gives an invalid size 0x" + small));
            case 6 -> new Made(ForgedImages.bmpClaim(random, 1, 1_100_000), overSide("BMP", 1, 1_100_000, "height",
                    "OpenCV's limit of 1048576"));
            case 7 -> new Made(ForgedImages.webpClaim(random, 16_384, small), overSide("WEBP", 16_384, small, "width",
                    "WEBP's limit of 16383"));
            default -> new Made(ForgedImages.jpegClaim(bases.get(0).jpeg(), 8_000, 5_000), Outcome.deadLetter("frame of 8000x5000 (40000000 pixels) is "
                    + "over the limit of " + MAX_PIXELS + " pixels"));
        };
    }

    private static Outcome overSide(String format, int w, int h, String side, String limit) {
        return Outcome.deadLetter(format + " header claims " + w + "x" + h + ": " + side + " is over " + limit
                + " pixels per side");
    }

    /** Random bytes: with no image signature, or with PNG's signature and no IHDR chunk after it. */
    private Made randomBytes() {
        byte[] r = new byte[24 + random.nextInt(3000)];
        random.nextBytes(r);
        if (random.nextBoolean()) {
            r[0] = 0; // no format starts with a zero byte
            return new Made(r, Outcome.deadLetter("unrecognised image format (first bytes "));
        }
        System.arraycopy(bases.get(0).png(), 0, r, 0, 8);
        r[12] = 'x';
        return new Made(r, Outcome.deadLetter("truncated or corrupt PNG: no IHDR chunk"));
    }

    /** Raw pixels with their headers: correct, or with one thing wrong. */
    private Made raw(Map<String, byte[]> h) {
        h.put(FrameHeaders.FORMAT, utf8("raw"));
        switch (random.nextInt(7)) {
            case 0 -> {
                return rawFrame(h, "64", "48", "rgb24", 64 * 48 * 3, Outcome.decoded(64, 48));
            }
            case 1 -> {
                return rawFrame(h, "32", "24", "gray8", 32 * 24, Outcome.decoded(32, 24));
            }
            case 2 -> {
                int length = random.nextInt(10_000);
                if (length == 64 * 48 * 3) {
                    length++;
                }
                return rawFrame(h, "64", "48", "bgr24", length, Outcome.deadLetter(
                        "raw bgr24 frame of 64x48 needs 9216 bytes, got " + length));
            }
            case 3 -> {
                String[] sides = {"0", "-1", "x", "", "4294967296", "2147483648"};
                String w = sides[random.nextInt(sides.length)];
                return rawFrame(h, w, "48", "rgb24", 9216, Outcome.deadLetter("header " + FrameHeaders.WIDTH
                        + " is '" + w + "', expected a whole number from 1 to " + Integer.MAX_VALUE));
            }
            case 4 -> {
                Made made = rawFrame(h, "64", "48", "rgb24", 9216, Outcome.deadLetter("a raw frame needs headers "
                        + FrameHeaders.WIDTH + ", " + FrameHeaders.HEIGHT + " and " + FrameHeaders.PIXEL_FORMAT));
                h.remove(new String[] {FrameHeaders.WIDTH, FrameHeaders.HEIGHT,
                    FrameHeaders.PIXEL_FORMAT}[random.nextInt(3)]);
                return made;
            }
            case 5 -> {
                String format = random.nextBoolean() ? "yuv420p" : "rgba";
                return rawFrame(h, "64", "48", format, 9216, Outcome.deadLetter("unknown pixel format '" + format
                        + "'; expected rgb24, bgr24 or gray8"));
            }
            default -> {
                return rawFrame(h, "46341", "46341", "rgb24", 9216, Outcome.deadLetter(
                        "frame of 46341x46341 (2147488281 pixels) is over the limit of " + MAX_PIXELS + " pixels"));
            }
        }
    }

    private Made rawFrame(Map<String, byte[]> h, String w, String ht, String pixelFormat, int length, Outcome o) {
        h.put(FrameHeaders.WIDTH, utf8(w));
        h.put(FrameHeaders.HEIGHT, utf8(ht));
        h.put(FrameHeaders.PIXEL_FORMAT, utf8(pixelFormat));
        byte[] pixels = new byte[length];
        random.nextBytes(pixels);
        return new Made(pixels, o);
    }

    private BufferedImage image(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 3; i++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
            g.fillRect(random.nextInt(w), random.nextInt(h), 1 + random.nextInt(w / 2), 1 + random.nextInt(h / 2));
        }
        g.dispose();
        return img;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
