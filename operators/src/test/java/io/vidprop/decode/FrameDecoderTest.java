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
}
