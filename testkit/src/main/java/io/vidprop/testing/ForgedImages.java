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

/** Image bytes forged or encoded for the hostile-frame corpus: real headers with patched sizes, and encoders. */
final class ForgedImages {
    private ForgedImages() {}

    /** A real JPEG with its frame header's 16-bit sides patched. */
    static byte[] jpegClaim(byte[] real, int w, int h) {
        byte[] jpeg = real.clone();
        int sof = jpegSof(jpeg);
        ByteBuffer.wrap(jpeg).putShort(sof + 5, (short) h).putShort(sof + 7, (short) w);
        return jpeg;
    }

    /** A real PNG with its IHDR size patched (the CRC no longer matches, as an attacker's). */
    static byte[] pngClaim(byte[] real, int w, int h) {
        byte[] png = real.clone();
        ByteBuffer.wrap(png).putInt(16, w).putInt(20, h);
        return png;
    }

    /** A BMP header (BITMAPINFOHEADER) with a little random pixel data. */
    static byte[] bmpClaim(Random random, int w, int h) {
        byte[] tail = new byte[random.nextInt(200)];
        random.nextBytes(tail);
        ByteBuffer b = ByteBuffer.allocate(54 + tail.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(54 + tail.length).putInt(0).putInt(54);
        b.putInt(40).putInt(w).putInt(h).putShort((short) 1).putShort((short) 24).putInt(0);
        b.putInt(tail.length);
        b.position(54);
        b.put(tail);
        return b.array();
    }

    /** A WebP VP8X header (24-bit canvas size minus one) with a little random data. */
    static byte[] webpClaim(Random random, int w, int h) {
        byte[] tail = new byte[random.nextInt(200)];
        random.nextBytes(tail);
        ByteBuffer b = ByteBuffer.allocate(30 + tail.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(HostileFrames.utf8("RIFF")).putInt(22 + tail.length).put(HostileFrames.utf8("WEBPVP8X")).putInt(10).putInt(0);
        put24(b, w - 1);
        put24(b, h - 1);
        b.put(tail);
        return b.array();
    }

    /** Where a JPEG's frame header (SOF0 marker) starts, walking its segments. */
    static int jpegSof(byte[] jpeg) {
        int i = 2;
        while ((jpeg[i + 1] & 0xff) != 0xc0) {
            i += 2 + (((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff));
        }
        return i;
    }

    /** The first IDAT chunk's data: {start, length}. */
    static int[] pngIdat(byte[] png) {
        ByteBuffer b = ByteBuffer.wrap(png);
        int at = 8;
        while (true) {
            int length = b.getInt(at);
            if (png[at + 4] == 'I' && png[at + 5] == 'D' && png[at + 6] == 'A' && png[at + 7] == 'T') {
                return new int[] {at + 8, length};
            }
            at += 12 + length;
        }
    }

    static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] webp(BufferedImage img) {
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

    static void put24(ByteBuffer b, int v) {
        b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
    }

}
