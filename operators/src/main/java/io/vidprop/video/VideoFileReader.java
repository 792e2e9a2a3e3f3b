package io.vidprop.video;

import io.vidprop.image.RgbImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Reads the frames of any file FFmpeg can read (MP4, MKV, AVI; H.264, H.265, MJPEG, VP9...) in order, with stable
 * frame indices and capture times: the same file and epoch always give the same frames, so a replay into Kafka and a
 * batch run over the file see identical input. Frames before the range's start are decoded and skipped (not sought
 * to), so indices always count from the file's first frame.
 *
 * <p>A file that stops being readable part-way (truncated, corrupt) yields its readable frames and then throws a
 * {@link DamagedVideoException} saying where; a stream that ends well before the length its container declares is
 * treated as damaged too.
 */
public final class VideoFileReader implements AutoCloseable {
    private final Path file;
    private final VideoRange range;
    private final FFmpegFrameGrabber grabber;
    private final long epochMillis;
    private final int declaredFrames;
    private long nextIndex;
    private long lastIndex = -1;
    private long lastPts;
    private boolean finished;

    private VideoFileReader(Path file, VideoRange range, FFmpegFrameGrabber grabber, long epochMillis) {
        this.file = file;
        this.range = range;
        this.grabber = grabber;
        this.epochMillis = epochMillis;
        this.declaredFrames = grabber.getLengthInVideoFrames();
    }

    /**
     * Opens a file. {@code epochMillis} is the capture time of presentation time zero; null means the file's
     * {@code creation_time} metadata if it has one, else its modification time.
     */
    public static VideoFileReader open(Path file, VideoRange range, Long epochMillis) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such video file");
        }
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        try {
            grabber.start();
        } catch (FFmpegFrameGrabber.Exception e) {
            release(grabber);
            throw new DamagedVideoException(file + ": not a readable video: " + e.getMessage(), 0, e);
        }
        if (grabber.getVideoStream() < 0 || grabber.getImageWidth() <= 0) {
            release(grabber);
            throw new IllegalArgumentException(file + ": has no video stream");
        }
        long epoch = epochMillis != null ? epochMillis : defaultEpochMillis(file, grabber.getMetadata("creation_time"));
        return new VideoFileReader(file, range, grabber, epoch);
    }

    static long defaultEpochMillis(Path file, String creationTime) throws IOException {
        if (creationTime != null && !creationTime.isBlank()) {
            try {
                return OffsetDateTime.parse(creationTime.trim()).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                try {
                    return Instant.parse(creationTime.trim()).toEpochMilli();
                } catch (DateTimeParseException ignored) {
                    // Fall back to the file's time below.
                }
            }
        }
        return Files.getLastModifiedTime(file).toMillis();
    }

    /** The next frame in the range, or null after the last. */
    public VideoFrame next() throws IOException {
        while (!finished) {
            Frame f;
            try {
                f = grabber.grabImage();
            } catch (FFmpegFrameGrabber.Exception e) {
                finished = true;
                throw damaged(e.getMessage(), e);
            }
            if (f == null) {
                finished = true;
                checkComplete();
                return null;
            }
            long index = nextIndex++;
            long pts = Math.max(0, f.timestamp);
            lastIndex = index;
            lastPts = pts;
            if (pts >= range.endMicros()) {
                finished = true;
                return null;
            }
            if (range.contains(pts)) {
                return new VideoFrame(index, pts, epochMillis + pts / 1000, toRgb(f));
            }
        }
        return null;
    }

    /** A stream that ends clearly short of the frame count its container declares was cut off. */
    private void checkComplete() throws DamagedVideoException {
        if (declaredFrames > 0 && declaredFrames - nextIndex > Math.max(2, declaredFrames / 50)) {
            throw damaged("the video stream ends after " + nextIndex + " of the " + declaredFrames
                    + " frames its container declares (truncated file?)", null);
        }
    }

    private DamagedVideoException damaged(String reason, Throwable cause) {
        String where = lastIndex < 0 ? "damaged before the first frame"
                : String.format(Locale.ROOT, "damaged after frame %d (t=%.3fs)", lastIndex, lastPts / 1e6);
        return new DamagedVideoException(file + ": " + where + ": " + reason, nextIndex, cause);
    }

    private static RgbImage toRgb(Frame f) {
        int w = f.imageWidth;
        int h = f.imageHeight;
        ByteBuffer src = (ByteBuffer) f.image[0];
        int stride = f.imageStride;
        byte[] rgb = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            src.position(y * stride);
            src.get(rgb, 3 * w * y, 3 * w);
        }
        src.rewind();
        return new RgbImage(w, h, rgb);
    }

    public Path file() {
        return file;
    }

    /** Capture time of presentation time zero, ms since the epoch. */
    public long epochMillis() {
        return epochMillis;
    }

    /** Frames per second as the container states it (0 if unknown). */
    public double frameRate() {
        return grabber.getVideoFrameRate();
    }

    /** Frames the container declares (from its duration and frame rate), or 0 if it does not say. */
    public int declaredFrames() {
        return Math.max(0, declaredFrames);
    }

    public int width() {
        return grabber.getImageWidth();
    }

    public int height() {
        return grabber.getImageHeight();
    }

    @Override
    public void close() throws IOException {
        release(grabber);
    }

    private static void release(FFmpegFrameGrabber grabber) throws IOException {
        try {
            grabber.close();
        } catch (FFmpegFrameGrabber.Exception e) {
            throw new IOException("could not close the video decoder: " + e.getMessage(), e);
        }
    }
}
