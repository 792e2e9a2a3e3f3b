package io.vidprop.synth;

import io.vidprop.image.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** Conversions between Java2D images and {@link RgbImage}. */
public final class Images {
    private Images() {}

    public static RgbImage toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[3 * w * h];
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < rgb.length; i += 3) {
                rgb[i] = bgr[i + 2];
                rgb[i + 1] = bgr[i + 1];
                rgb[i + 2] = bgr[i];
            }
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int o = 3 * (y * w + x);
                    rgb[o] = (byte) (row[x] >> 16);
                    rgb[o + 1] = (byte) (row[x] >> 8);
                    rgb[o + 2] = (byte) row[x];
                }
            }
        }
        return new RgbImage(w, h, rgb);
    }

    public static BufferedImage toBufferedImage(RgbImage image) {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        byte[] rgb = image.pixels();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return out;
    }

    /** Copies packed 0xRRGGBB pixels into a BGR image of the same size. */
    static void toBgr(int[] rgb, BufferedImage bgr) {
        byte[] px = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i++) {
            px[3 * i] = (byte) rgb[i];
            px[3 * i + 1] = (byte) (rgb[i] >> 8);
            px[3 * i + 2] = (byte) (rgb[i] >> 16);
        }
    }
}
