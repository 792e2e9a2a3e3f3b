package io.vidprop.synth;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Random;

/**
 * How a camera scene's camera degrades what it sees: blur or a low-resolution sensor's softness, lighting drift,
 * sensor noise, and JPEG compression.
 */
final class CameraSensor {
    private static final int NOISE_TABLE = 1 << 16;

    private final byte[] noise;
    private final double exposure;
    private final boolean grey;
    private final int blur;
    private final double lowResFactor;
    private final double lightPhase;
    private final double lightPeriod;
    private final double lightDrift;
    private final int minQuality;
    private final int maxQuality;

    private CameraSensor(Random r) {
        double sigma = 1 + 8 * r.nextDouble();
        noise = new byte[NOISE_TABLE];
        for (int i = 0; i < NOISE_TABLE; i++) {
            noise[i] = (byte) Math.max(-127, Math.min(127, Math.round(r.nextGaussian() * sigma)));
        }
        double b = r.nextDouble();
        blur = b < 0.35 ? 1 : b < 0.6 ? 2 : 0;
        lowResFactor = 1.5 + 1.5 * r.nextDouble();
        lightPhase = r.nextDouble() * 2 * Math.PI;
        lightPeriod = 20 + r.nextInt(60);
        lightDrift = 0.15 * r.nextDouble();
        minQuality = 20 + r.nextInt(40);
        maxQuality = minQuality + r.nextInt(91 - minQuality);
        exposure = 1;
        grey = false;
    }

    /** {@code day}'s camera at night: under-exposed, noisier, and half the time an infrared camera's grey image. */
    private CameraSensor(CameraSensor day, Random r) {
        double sigma = 3 + 10 * r.nextDouble();
        noise = new byte[NOISE_TABLE];
        for (int i = 0; i < NOISE_TABLE; i++) {
            noise[i] = (byte) Math.max(-127, Math.min(127, Math.round(r.nextGaussian() * sigma)));
        }
        grey = r.nextBoolean();
        exposure = grey ? 0.5 + 0.6 * r.nextDouble() : 0.15 + 0.35 * r.nextDouble();
        blur = day.blur;
        lowResFactor = day.lowResFactor;
        lightPhase = day.lightPhase;
        lightPeriod = day.lightPeriod;
        lightDrift = day.lightDrift;
        minQuality = day.minQuality;
        maxQuality = day.maxQuality;
    }

    /** This camera in low light, with its own draws from {@code r}. */
    CameraSensor inLowLight(Random r) {
        return new CameraSensor(this, r);
    }

    static CameraSensor random(Random r) {
        return new CameraSensor(r);
    }

    /**
     * Frame {@code index} as this camera records {@code scene} (BGR; left as it is unless there is no blur), with
     * the frame's own draws (noise offset, JPEG quality) from {@code frameRandom}.
     */
    BufferedImage capture(BufferedImage scene, int index, Random frameRandom) {
        BufferedImage image = scene;
        if (blur == 1) {
            image = SyntheticVideo.blur(scene);
        } else if (blur == 2) {
            image = lowResolution(scene, lowResFactor);
        }
        byte[] out = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        double gain = exposure * (1 + lightDrift * Math.sin(2 * Math.PI * index / lightPeriod + lightPhase));
        int offset = frameRandom.nextInt(NOISE_TABLE);
        if (grey) {
            for (int i = 0; i + 2 < out.length; i += 3) {
                int v = (int) (0.114 * (out[i] & 0xff) + 0.587 * (out[i + 1] & 0xff) + 0.299 * (out[i + 2] & 0xff));
                out[i] = out[i + 1] = out[i + 2] = (byte) v;
            }
        }
        for (int i = 0; i < out.length; i++) {
            int v = (int) ((out[i] & 0xff) * gain) + noise[(offset + i) & (NOISE_TABLE - 1)];
            out[i] = (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
        }
        return jpegRoundTrip(image, minQuality + frameRandom.nextInt(maxQuality - minQuality + 1));
    }

    /** A camera of lower resolution, upscaled: the image shrunk by {@code factor} and scaled back, bilinear. */
    private static BufferedImage lowResolution(BufferedImage src, double factor) {
        int w = src.getWidth();
        int h = src.getHeight();
        int sw = Math.max(8, (int) Math.round(w / factor));
        int sh = Math.max(8, (int) Math.round(h / factor));
        BufferedImage small = new BufferedImage(sw, sh, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, sw, sh, null);
        g.dispose();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(small, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** {@link SyntheticVideo#jpegRoundTrip}, as a BGR image like the canvas. */
    private static BufferedImage jpegRoundTrip(BufferedImage image, int quality) {
        BufferedImage read = SyntheticVideo.jpegRoundTrip(image, quality);
        if (read.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return read;
        }
        BufferedImage bgr = new BufferedImage(read.getWidth(), read.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = bgr.createGraphics();
        g.drawImage(read, 0, 0, null);
        g.dispose();
        return bgr;
    }
}
