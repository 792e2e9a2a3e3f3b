package io.vidprop.adapt;

import io.vidprop.decode.DecodedFrame;
import io.vidprop.decode.FrameDecoder;
import io.vidprop.demo.VideoWriter;
import io.vidprop.kafka.Frame;
import io.vidprop.operators.ProposalSettings;
import io.vidprop.synth.Images;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/** Turns a camera's spool file into an MPEG-4 video at the frame rate its capture times show. */
final class SpoolVideo {
    private SpoolVideo() {}

    /** Decodes a camera's spooled frames in sequence order into a video, then deletes the spool file. */
    static FrameSpool.Camera write(FrameSpool.Reading c, Path video, PrintStream progress) throws IOException {
        long first = c.bySequence.firstKey();
        long last = c.bySequence.lastKey();
        long firstCapture = Long.MAX_VALUE;
        long lastCapture = Long.MIN_VALUE;
        for (SpoolFile.Entry e : c.bySequence.values()) {
            firstCapture = Math.min(firstCapture, e.capture());
            lastCapture = Math.max(lastCapture, e.capture());
        }
        int count = c.bySequence.size();
        double fps = fps(count, lastCapture - firstCapture);
        FrameDecoder decoder = new FrameDecoder(ProposalSettings.DEFAULT_MAX_PIXELS, 0, 0);
        long frames = 0;
        long undecodable = 0;
        int width = 0;
        int height = 0;
        VideoWriter writer = null;
        try (RandomAccessFile file = new RandomAccessFile(c.spool.toFile(), "r")) {
            for (SpoolFile.Entry e : c.bySequence.values()) {
                Frame f = SpoolFile.read(file, e);
                BufferedImage image;
                try {
                    DecodedFrame d = decoder.decode(f);
                    image = Images.toBufferedImage(d.image());
                } catch (IllegalArgumentException bad) {
                    undecodable++;
                    continue;
                }
                if (writer == null) {
                    // MPEG-4 with 4:2:0 chroma needs even sides: an odd last column or row is left out.
                    width = image.getWidth() & ~1;
                    height = image.getHeight() & ~1;
                    writer = new VideoWriter(video, width, height, fps);
                } else if ((image.getWidth() & ~1) != width || (image.getHeight() & ~1) != height) {
                    undecodable++;
                    continue;
                }
                if (image.getWidth() != width || image.getHeight() != height) {
                    image = image.getSubimage(0, 0, width, height);
                }
                writer.write(image);
                frames++;
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("could not write " + c.camera + "'s frames to " + video + ": " + e.getMessage(), e);
        } finally {
            if (writer != null) {
                try {
                    writer.close();
                } catch (Exception e) {
                    throw new IOException("could not finish " + video + ": " + e.getMessage(), e);
                }
            }
            Files.deleteIfExists(c.spool);
        }
        if (frames == 0) {
            throw new IllegalArgumentException("none of camera " + c.camera + "'s " + count + " frames could be "
                    + "decoded");
        }
        progress.printf(Locale.ROOT, "%s: %d frames (sequences %d to %d, captured %s to %s, %s frames/s)%s spooled "
                + "to %s%n", c.camera, frames, first, last, Instant.ofEpochMilli(firstCapture),
                Instant.ofEpochMilli(lastCapture), FrameSpool.number(fps), (c.duplicates + undecodable) == 0 ? ""
                : String.format(Locale.ROOT, "; %d read twice and %d undecodable or of another size left out,",
                        c.duplicates, undecodable), video);
        return new FrameSpool.Camera(c.camera, video, frames, c.duplicates, undecodable, first, last, firstCapture,
                lastCapture, fps, width, height, Files.size(video), c.endedBy);
    }

    /** The frame rate the capture times show, to 0.01 frames/s (10 when they do not say). */
    static double fps(int frames, long spanMillis) {
        if (frames < 2 || spanMillis <= 0) {
            return 10;
        }
        double fps = (frames - 1) * 1000.0 / spanMillis;
        return Math.max(0.1, Math.min(240, Math.round(fps * 100) / 100.0));
    }
}
