package io.vidprop.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private final FrameDecoder decoder = new FrameDecoder(4096L * 4096, 192, 320);

    static byte[] encode(int w, int h, String format) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(200, 30, 40));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(20, 180, 60));
        g.fillRect(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    @Test
    void headersGiveFormatAndSizeWithoutDecoding() throws IOException {
        assertEquals(new ImageHeader(ImageFormat.JPEG, 1280, 720), ImageHeader.read(encode(1280, 720, "jpg")));
        assertEquals(new ImageHeader(ImageFormat.PNG, 33, 17), ImageHeader.read(encode(33, 17, "png")));
        assertEquals(new ImageHeader(ImageFormat.BMP, 40, 30), ImageHeader.read(encode(40, 30, "bmp")));
    }

    @Test
    void jpegIsDecodedAtReducedScaleWhenTheModelShrinksItAnyway() throws IOException {
        DecodedFrame f = decoder.decode(encode(1280, 720, "jpg"));
        assertEquals(320, f.image().width());
        assertEquals(180, f.image().height());
        assertEquals(1280, f.originalWidth());
        assertEquals(4f, f.scaleX());
        // The centre is green, the corner red: RGB order, not OpenCV's BGR.
        int centre = 3 * (90 * 320 + 160);
        assertTrue((f.image().pixels()[centre + 1] & 0xff) > 150, "green channel at the centre");
        assertTrue((f.image().pixels()[0] & 0xff) > 150, "red channel in the corner");
        assertEquals(1, decoder.reduction(320, 180));
        assertEquals(2, decoder.reduction(640, 360));
        assertEquals(8, decoder.reduction(7680, 4320));
    }

    @Test
    void smallFramesAreDecodedFullSize() throws IOException {
        DecodedFrame f = decoder.decode(encode(200, 100, "png"));
        assertEquals(200, f.image().width());
        assertEquals(100, f.image().height());
    }

    @Test
    void oversizedFramesAreRefusedBeforeDecoding() throws IOException {
        FrameDecoder small = new FrameDecoder(1000, 192, 320);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> small.decode(encode(40, 30, "png")));
        assertEquals("frame of 40x30 (1200 pixels) is over the limit of 1000 pixels", e.getMessage());
    }

    @Test
    void badBytesGetAClearReason() throws IOException {
        assertEquals("empty frame: no image bytes",
                assertThrows(IllegalArgumentException.class, () -> decoder.decode(new byte[0])).getMessage());
        assertEquals("unrecognised image format (first bytes 68656c6c6f); expected JPEG, PNG, BMP or WebP",
                assertThrows(IllegalArgumentException.class, () -> decoder.decode("hello".getBytes())).getMessage());
        byte[] jpeg = encode(640, 360, "jpg");
        byte[] headerOnly = Arrays.copyOf(jpeg, 700);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder.decode(headerOnly));
        assertEquals("JPEG 640x360 could not be decoded (corrupt or truncated image data)", e.getMessage());
        assertEquals("truncated or corrupt JPEG: no frame header (SOF) found in 4 bytes",
                assertThrows(IllegalArgumentException.class,
                        () -> decoder.decode(Arrays.copyOf(jpeg, 4))).getMessage());
    }

    @Test
    void rawFramesAreConvertedToRgb() {
        DecodedFrame f = decoder.decodeRaw(new byte[] {1, 2, 3, 4, 5, 6}, 2, 1, PixelFormat.BGR24);
        assertArrayEquals(new byte[] {3, 2, 1, 6, 5, 4}, f.image().pixels());
        f = decoder.decodeRaw(new byte[] {9, 7}, 1, 2, PixelFormat.GRAY8);
        assertArrayEquals(new byte[] {9, 9, 9, 7, 7, 7}, f.image().pixels());
        assertEquals("raw rgb24 frame of 2x2 needs 12 bytes, got 6", assertThrows(IllegalArgumentException.class,
                () -> decoder.decodeRaw(new byte[6], 2, 2, PixelFormat.RGB24)).getMessage());
    }

    /** A 54-byte BMP header (BITMAPINFOHEADER) claiming the given size, with no pixel data. */
    static byte[] bmpHeader(int width, int height) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(54).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(54).putInt(0).putInt(54);
        b.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24);
        return b.array();
    }

    @Test
    void sidesOverTheDecodersOwnLimitsAreRefusedBeforeDecoding() throws IOException {
        FrameDecoder generous = new FrameDecoder(Long.MAX_VALUE, 192, 320);
        // A frame under the pixel limit in total but over OpenCV's 2^20 per side.
        assertEquals("BMP header claims 1100000x1: width is over OpenCV's limit of 1048576 pixels per side",
                assertThrows(IllegalArgumentException.class, () -> decoder.decode(bmpHeader(1_100_000, 1)))
                        .getMessage());
        assertEquals("BMP header claims 1x1100000: height is over OpenCV's limit of 1048576 pixels per side",
                assertThrows(IllegalArgumentException.class, () -> generous.decode(bmpHeader(1, -1_100_000)))
                        .getMessage());
        assertEquals("BMP header claims 1048576x1025 (1074790400 pixels): over OpenCV's limit of 1073741824 pixels"
                + " per image", assertThrows(IllegalArgumentException.class,
                        () -> generous.decode(bmpHeader(1 << 20, 1025))).getMessage());
        assertEquals("BMP header gives an invalid size -5x5", assertThrows(IllegalArgumentException.class,
                () -> generous.decode(bmpHeader(-5, 5))).getMessage());
        byte[] jpeg = encode(64, 32, "jpg");
        int sof = sofOffset(jpeg);
        jpeg[sof + 7] = (byte) 0xff; // width 65,535 > libjpeg's 65,500
        jpeg[sof + 8] = (byte) 0xff;
        assertEquals("JPEG header claims 65535x32: width is over JPEG's limit of 65500 pixels per side",
                assertThrows(IllegalArgumentException.class, () -> generous.decode(jpeg)).getMessage());
        byte[] png = encode(33, 17, "png");
        java.nio.ByteBuffer.wrap(png).putInt(20, 1_000_001);
        assertEquals("PNG header claims 33x1000001: height is over PNG's limit of 1000000 pixels per side",
                assertThrows(IllegalArgumentException.class, () -> generous.decode(png)).getMessage());
        java.nio.ByteBuffer.wrap(png).putInt(20, -7);
        assertEquals("PNG header gives an invalid size 33x-7",
                assertThrows(IllegalArgumentException.class, () -> generous.decode(png)).getMessage());
        byte[] webp = new byte[30];
        System.arraycopy("RIFF\0\0\0\0WEBPVP8X".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, webp, 0, 16);
        webp[24] = (byte) 0xff; // canvas width - 1 = 0x0040ff: 16,640 > 16,383
        webp[25] = 0x40;
        assertEquals("WEBP header claims 16640x1: width is over WEBP's limit of 16383 pixels per side",
                assertThrows(IllegalArgumentException.class, () -> generous.decode(webp)).getMessage());
    }

    @Test
    void aBmpWhosePixelsAreMissingIsACleanError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> decoder.decode(bmpHeader(64, 48)));
        assertTrue(e.getMessage().startsWith("BMP 64x48 could not be decoded"), e.getMessage());
    }

    @Test
    void rawSizesNeverOverflow() {
        FrameDecoder generous = new FrameDecoder(Long.MAX_VALUE, 192, 320);
        assertEquals("raw rgb24 frame of 2147483647x2147483647 (4611686014132420609 pixels) is too large: its RGB"
                + " copy would be over the largest array of 2147483639 bytes", assertThrows(
                        IllegalArgumentException.class, () -> generous.decodeRaw(new byte[6], Integer.MAX_VALUE,
                                Integer.MAX_VALUE, PixelFormat.RGB24)).getMessage());
        // 1,000,000,000 gray bytes fit an int, their RGB copy (3e9) would not.
        assertEquals("raw gray8 frame of 50000x20000 (1000000000 pixels) is too large: its RGB copy would be over"
                + " the largest array of 2147483639 bytes", assertThrows(IllegalArgumentException.class,
                        () -> generous.decodeRaw(new byte[1], 50_000, 20_000, PixelFormat.GRAY8)).getMessage());
        assertEquals("raw frame size 0x5 is not positive", assertThrows(IllegalArgumentException.class,
                        () -> generous.decodeRaw(new byte[0], 0, 5, PixelFormat.BGR24)).getMessage());
    }

    @Test
    void exifOrientationIsNotApplied() throws IOException {
        byte[] plain = encode(64, 32, "jpg");
        byte[] exif = {(byte) 0xff, (byte) 0xe1, 0, 34, 'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0,
            0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0};
        byte[] rotated = new byte[plain.length + exif.length];
        System.arraycopy(plain, 0, rotated, 0, 2);
        System.arraycopy(exif, 0, rotated, 2, exif.length);
        System.arraycopy(plain, 2, rotated, 2 + exif.length, plain.length - 2);
        DecodedFrame f = decoder.decode(rotated);
        assertEquals(64, f.image().width());
        assertEquals(32, f.image().height());
        assertArrayEquals(decoder.decode(plain).image().pixels(), f.image().pixels());
    }

    static int sofOffset(byte[] jpeg) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) {
                return i;
            }
        }
        throw new AssertionError("no SOF0");
    }
}
