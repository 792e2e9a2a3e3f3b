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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A seeded corpus of hostile Kafka frame records (truncated, bit-flipped and garbled JPEG/PNG/BMP/WebP, headers
 * claiming extreme sizes on each axis and in total, zero and negative sizes, random bytes, wrong {@code vidprop.format},
 * raw frames with disagreeing or overflowing sizes, malformed sequence and time headers, empty values, oversized
 * records) interleaved with good frames of several cameras. Good frames are 4:3 so that, at batch size 1, their
 * proposals equal direct inference. Hostile frames are keyed to cameras of their own ({@code hostile-N}), numbered
 * there in order, so no good frame is ever a duplicate.
 */
public final class HostileFrames {
    /** One record: key, value (null allowed), headers in order, what it is, and whether it must decode. */
    public record Fuzz(String camera, byte[] value, Map<String, byte[]> headers, String kind, boolean good) {
        public boolean numbered() {
            return headers.containsKey(FrameHeaders.SEQUENCE);
        }
    }

    public static final String[] KINDS = {"truncated", "bit-flipped", "garbled", "size-claim", "random-bytes",
        "wrong-format", "raw", "empty", "bad-headers", "oversized"};

    private final Random random;
    private final List<byte[]> bases = new ArrayList<>();
    private final int oversizedBytes;
    private final Map<String, Long> nextSequence = new LinkedHashMap<>();
    private long clock = 1_764_000_000_000L;

    /**
     * @param oversizedBytes size of the "oversized" random records (keep it under the broker's max.message.bytes)
     */
    public HostileFrames(long seed, int oversizedBytes) {
        this.random = new Random(seed);
        this.oversizedBytes = oversizedBytes;
        for (int[] size : new int[][] {{64, 48}, {32, 24}, {48, 36}}) {
            BufferedImage img = image(size[0], size[1]);
            bases.add(encode(img, "jpg"));
            bases.add(encode(img, "png"));
            bases.add(encode(img, "bmp"));
            bases.add(webp(img));
        }
    }

    /** {@code hostile} hostile records and {@code goodPerCamera} good ones per camera, shuffled together by the seed. */
    public List<Fuzz> corpus(int hostile, int goodPerCamera, String... cameras) {
        List<Fuzz> good = new ArrayList<>();
        for (String camera : cameras) {
            for (int i = 0; i < goodPerCamera; i++) {
                BufferedImage img = image(64, 48);
                byte[] bytes = i % 3 == 2 ? encode(img, "png") : encode(img, "jpg");
                good.add(new Fuzz(camera, bytes, numbered(camera), "good", true));
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
        byte[] base = bases.get(random.nextInt(bases.size())).clone();
        byte[] value = switch (kind) {
            case "truncated" -> java.util.Arrays.copyOf(base, random.nextInt(base.length));
            case "bit-flipped" -> {
                int flips = 1 + random.nextInt(16);
                for (int i = 0; i < flips; i++) {
                    int at = random.nextInt(base.length);
                    base[at] ^= (byte) (1 << random.nextInt(8));
                }
                yield base;
            }
            case "garbled" -> {
                int at = random.nextInt(base.length);
                int n = Math.min(base.length - at, 1 + random.nextInt(64));
                for (int i = 0; i < n; i++) {
                    base[at + i] = (byte) random.nextInt(256);
                }
                yield base;
            }
            case "size-claim" -> sizeClaim();
            case "random-bytes" -> {
                byte[] r = new byte[random.nextInt(3000)];
                random.nextBytes(r);
                if (r.length >= 12 && random.nextBoolean()) {
                    byte[] magic = bases.get(random.nextInt(bases.size()));
                    System.arraycopy(magic, 0, r, 0, 12);
                }
                yield r;
            }
            case "wrong-format" -> {
                String[] formats = {"gif", "", "jpeg2000", "png", "jpeg", "raw", "webp", "\u00ff\u00fe"};
                h.put(FrameHeaders.FORMAT, utf8(formats[random.nextInt(formats.length)]));
                yield base;
            }
            case "raw" -> raw(h);
            case "empty" -> random.nextBoolean() ? null : new byte[0];
            case "bad-headers" -> {
                String[] values = {"abc", "", "1e3", "99999999999999999999", "-", " 12 3", "0x10"};
                String header = random.nextBoolean() ? FrameHeaders.SEQUENCE : FrameHeaders.CAPTURE_TIMESTAMP;
                h.put(header, utf8(values[random.nextInt(values.length)]));
                yield base;
            }
            case "oversized" -> {
                byte[] r = new byte[oversizedBytes];
                random.nextBytes(r);
                byte[] claim = sizeClaim();
                System.arraycopy(claim, 0, r, 0, Math.min(claim.length, r.length));
                yield r;
            }
            default -> throw new IllegalArgumentException(kind);
        };
        return new Fuzz(camera, value, h, kind, false);
    }

    private static final int[] EXTREMES = {0, 1, -1, 2, 16_383, 16_384, 65_500, 65_501, 65_535, 1 << 20,
        (1 << 20) + 1, 1_000_000, 1_000_001, 1_100_000, 40_000, Integer.MAX_VALUE, Integer.MIN_VALUE};

    /** An image header claiming an extreme size on one axis or both, with a little (or no) pixel data. */
    private byte[] sizeClaim() {
        int w = random.nextInt(3) == 0 ? 64 : EXTREMES[random.nextInt(EXTREMES.length)];
        int h = random.nextInt(3) == 0 ? 48 : EXTREMES[random.nextInt(EXTREMES.length)];
        byte[] tail = new byte[random.nextInt(200)];
        random.nextBytes(tail);
        ByteBuffer b;
        switch (random.nextInt(4)) {
            case 0 -> { // BMP, BITMAPINFOHEADER
                b = ByteBuffer.allocate(54 + tail.length).order(ByteOrder.LITTLE_ENDIAN);
                b.put((byte) 'B').put((byte) 'M').putInt(54 + tail.length).putInt(0).putInt(54);
                b.putInt(40).putInt(w).putInt(h).putShort((short) 1).putShort((short) 24).putInt(0);
                b.putInt(tail.length);
                b.position(54);
                b.put(tail);
                return b.array();
            }
            case 1 -> { // PNG: a real image with its IHDR size patched (the CRC no longer matches, as an attacker's)
                byte[] png = bases.get(1).clone();
                ByteBuffer.wrap(png).putInt(16, w).putInt(20, h);
                return png;
            }
            case 2 -> { // JPEG: the SOF's 16-bit sides
                byte[] jpeg = bases.get(0).clone();
                for (int i = 2; i + 8 < jpeg.length; i++) {
                    if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) {
                        ByteBuffer.wrap(jpeg).putShort(i + 5, (short) h).putShort(i + 7, (short) w);
                        break;
                    }
                }
                return jpeg;
            }
            default -> { // WebP VP8X: 24-bit canvas size minus one
                b = ByteBuffer.allocate(30 + tail.length).order(ByteOrder.LITTLE_ENDIAN);
                b.put(utf8("RIFF")).putInt(22 + tail.length).put(utf8("WEBPVP8X")).putInt(10).putInt(0);
                put24(b, w - 1);
                put24(b, h - 1);
                b.put(tail);
                return b.array();
            }
        }
    }

    private byte[] raw(Map<String, byte[]> h) {
        String[] sides = {"0", "-1", "1", "64", "48", "65536", "2147483647", "4294967296", "x", "", "46341"};
        String[] formats = {"rgb24", "bgr24", "gray8", "yuv420p", ""};
        String w = sides[random.nextInt(sides.length)];
        String ht = sides[random.nextInt(sides.length)];
        h.put(FrameHeaders.FORMAT, utf8("raw"));
        if (random.nextInt(8) != 0) {
            h.put(FrameHeaders.WIDTH, utf8(w));
        }
        if (random.nextInt(8) != 0) {
            h.put(FrameHeaders.HEIGHT, utf8(ht));
        }
        if (random.nextInt(8) != 0) {
            h.put(FrameHeaders.PIXEL_FORMAT, utf8(formats[random.nextInt(formats.length)]));
        }
        // Usually the wrong length for what the headers claim; 64x48 rgb24 would be 9216 bytes.
        byte[] pixels = new byte[random.nextBoolean() ? 9216 : random.nextInt(10_000)];
        random.nextBytes(pixels);
        return pixels;
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

    private static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] webp(BufferedImage img) {
        byte[] bgr = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        try (BytePointer pixels = new BytePointer(bgr);
                Mat mat = new Mat(img.getHeight(), img.getWidth(), CV_8UC3, pixels);
                BytePointer out = new BytePointer()) {
            if (!imencode(".webp", mat, out)) {
                throw new IllegalStateException("OpenCV could not encode WebP");
            }
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            return bytes;
        }
    }

    private static void put24(ByteBuffer b, int v) {
        b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
