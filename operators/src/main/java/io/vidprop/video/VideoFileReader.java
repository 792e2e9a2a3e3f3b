package io.vidprop.video;

import io.vidprop.image.RgbImage;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Reads the frames of any file FFmpeg can read (MP4, MKV, AVI; H.264, H.265, MJPEG, VP9...) in order, with stable
 * frame indices and capture times: the same file and epoch always give the same frames, so a replay into Kafka and a
 * batch run over the file see identical input. Frames of a file whose container times every frame (MP4, MOV, MKV,
 * WebM) at a constant frame rate are numbered from their presentation times ({@link VideoInfo#numbering()}), and a
 * range is read from a seek to its start (the keyframe before it, then decoded up to it), so every frame gets the
 * number a reader from the start gives it; frames of other files are counted from the first, and a range of them is
 * decoded from the file's start. Locations are local paths or URIs of any Flink file system (s3://, hdfs://, ...), read through
 * Flink's {@link FileSystem} with seeks.
 *
 * <p>A file that stops being readable part-way (truncated, corrupt) yields its readable frames and then throws a
 * {@link DamagedVideoException} saying where; a stream that ends well before the length its container declares is
 * treated as damaged too.
 */
public final class VideoFileReader implements AutoCloseable {
    private final String file;
    private final VideoRange range;
    private final FFmpegFrameGrabber grabber;
    private final Closeable stream;
    private final long epochMillis;
    private final int declaredFrames;
    private final FrameNumbering numbering;
    private long nextIndex;
    private long lastIndex = -1;
    private long lastPts;
    private boolean finished;
    /** The first frame after a seek, read to check where the seek landed, and returned by the next {@link #next}. */
    private VideoFrame peeked;
    private boolean sought;

    private VideoFileReader(String file, VideoRange range, Opened opened, long epochMillis, FrameNumbering numbering) {
        this.file = file;
        this.range = range;
        this.grabber = opened.grabber;
        this.stream = opened.stream;
        this.epochMillis = epochMillis;
        this.declaredFrames = grabber.getLengthInVideoFrames();
        this.numbering = numbering;
    }

    /** A started grabber, and the stream it reads when the file is not local (null for a local file). */
    private record Opened(FFmpegFrameGrabber grabber, Closeable stream) {}

    /**
     * Opens a file. {@code epochMillis} is the capture time of presentation time zero; null means the file's
     * {@code creation_time} metadata if it has one, else its modification time.
     */
    public static VideoFileReader open(Path file, VideoRange range, Long epochMillis) throws IOException {
        VideoInfo info = probe(file.toString());
        return open(file.toString(), range, epochMillis != null ? epochMillis : info.epochMillis(), info.numbering());
    }

    /**
     * Opens a local path or a URI of a Flink file system and reads {@code range}, numbering frames as
     * {@code numbering} says; with a constant frame rate it seeks to the range's start.
     */
    public static VideoFileReader open(String location, VideoRange range, long epochMillis, FrameNumbering numbering)
            throws IOException {
        return open(location, range, epochMillis, numbering, false);
    }

    /** As {@link #open(String, VideoRange, long, FrameNumbering)}; a local file through Flink's file system if asked. */
    static VideoFileReader open(String location, VideoRange range, long epochMillis, FrameNumbering numbering,
            boolean throughFlinkFileSystem) throws IOException {
        Opened opened = start(location, throughFlinkFileSystem);
        if (numbering.counted() || range.startMicros() <= numbering.firstPtsMicros()) {
            return new VideoFileReader(location, range, opened, epochMillis, numbering);
        }
        VideoFileReader reader = new VideoFileReader(location, range, opened, epochMillis, numbering);
        if (reader.seekToStart()) {
            reader.sought = true;
            return reader;
        }
        // The seek landed past the range's first frame (a container without a usable index): decode from the start.
        reader.close();
        return new VideoFileReader(location, range, start(location, throughFlinkFileSystem), epochMillis, numbering);
    }

    /** Reads a file's header and first frame: its duration, frame rate, first presentation time and capture epoch. */
    public static VideoInfo probe(String location) throws IOException {
        Opened opened = start(location);
        try {
            FFmpegFrameGrabber g = opened.grabber;
            AVStream stream = g.getFormatContext().streams(g.getVideoStream());
            double average = rate(stream.avg_frame_rate());
            double base = rate(stream.r_frame_rate());
            // Only containers that time every frame: an AVI's frame times follow from its index, which may hold
            // dropped frames, so its frames are counted.
            String format = g.getFormat() == null ? "" : g.getFormat();
            boolean timed = format.contains("mp4") || format.contains("mov") || format.contains("matroska")
                    || format.contains("webm");
            boolean constant = timed && average > 0 && base > 0 && Math.abs(average - base) <= 1e-3 * base;
            Frame first;
            try {
                first = g.grabImage();
            } catch (FFmpegFrameGrabber.Exception e) {
                throw new DamagedVideoException(location + ": damaged before the first frame: " + e.getMessage(), 0, e);
            }
            long firstPts = first == null ? 0 : Math.max(0, first.timestamp);
            long epoch = defaultEpochMillis(g.getMetadata("creation_time"), lastModified(location));
            return new VideoInfo(Math.max(0, g.getLengthInTime()), average > 0 ? average : g.getVideoFrameRate(),
                    constant, firstPts, Math.max(0, g.getLengthInVideoFrames()), epoch);
        } finally {
            release(opened);
        }
    }

    private static double rate(AVRational r) {
        return r == null || r.den() == 0 ? 0 : (double) r.num() / r.den();
    }

    /**
     * Seeks to the range's start; false when the first frame it then gives lies a whole frame or more past the start,
     * which would lose the frames between, or when it gives none (a range past the end is found so by a read from the
     * start).
     */
    private boolean seekToStart() throws IOException {
        try {
            grabber.setVideoTimestamp(range.startMicros());
        } catch (FFmpegFrameGrabber.Exception e) {
            return false;
        }
        long expectedAtMost = range.startMicros() + (long) Math.ceil(numbering.frameMicros());
        VideoFrame f = peekNext();
        return f != null && f.presentationMicros() < expectedAtMost;
    }

    private VideoFrame peekNext() throws IOException {
        peeked = next();
        return peeked;
    }

    private static Opened start(String location) throws IOException {
        return start(location, false);
    }

    private static Opened start(String location, boolean throughFlinkFileSystem) throws IOException {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        Path local = throughFlinkFileSystem ? null : localPath(location);
        FFmpegFrameGrabber grabber;
        Closeable stream = null;
        if (local != null) {
            if (!Files.isRegularFile(local)) {
                throw new IllegalArgumentException(location + ": no such video file");
            }
            grabber = new FFmpegFrameGrabber(local.toFile());
        } else {
            org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(location);
            FileSystem fs = path.getFileSystem();
            if (!fs.exists(path)) {
                throw new IllegalArgumentException(location + ": no such video file");
            }
            FileStatus status = fs.getFileStatus(path);
            FlinkFileInputStream in = new FlinkFileInputStream(fs.open(path), status.getLen());
            stream = in;
            grabber = new FFmpegFrameGrabber(in, Integer.MAX_VALUE - 8);
        }
        grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        Opened opened = new Opened(grabber, stream);
        try {
            grabber.start();
        } catch (FFmpegFrameGrabber.Exception e) {
            release(opened);
            throw new DamagedVideoException(location + ": not a readable video: " + e.getMessage(), 0, e);
        }
        if (grabber.getVideoStream() < 0 || grabber.getImageWidth() <= 0) {
            release(opened);
            throw new IllegalArgumentException(location + ": has no video stream");
        }
        return opened;
    }

    /** The local file a location names (a path, or a file: URI), or null for another file system's URI. */
    static Path localPath(String location) {
        URI uri = new org.apache.flink.core.fs.Path(location).toUri();
        String scheme = uri.getScheme();
        if (scheme == null || scheme.length() == 1) { // a Windows drive letter is not a scheme
            return Path.of(location);
        }
        return "file".equalsIgnoreCase(scheme) ? Path.of(uri.getPath()) : null;
    }

    private static long lastModified(String location) throws IOException {
        Path local = localPath(location);
        if (local != null) {
            return Files.getLastModifiedTime(local).toMillis();
        }
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(location);
        return path.getFileSystem().getFileStatus(path).getModificationTime();
    }

    static long defaultEpochMillis(String creationTime, long lastModifiedMillis) {
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
        return lastModifiedMillis;
    }

    /** The next frame in the range, or null after the last. */
    public VideoFrame next() throws IOException {
        if (peeked != null) {
            VideoFrame f = peeked;
            peeked = null;
            return f;
        }
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
            long pts = Math.max(0, f.timestamp);
            if (lastIndex >= 0 && pts <= lastPts) {
                // A frame without a time of its own (an AVI decoder's last, flushed frame): one frame after the last.
                double fps = grabber.getVideoFrameRate();
                pts = lastPts + (fps > 0 ? Math.round(1e6 / fps) : 1);
            }
            long index = numbering.counted() ? nextIndex : numbering.index(pts);
            nextIndex = index + 1;
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

    /** Whether the reader sought to its range's start rather than decoding from the file's start. */
    boolean sought() {
        return sought;
    }

    /** The file's path or URI. */
    public String file() {
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
        release(new Opened(grabber, stream));
    }

    private static void release(Opened opened) throws IOException {
        try {
            opened.grabber.close();
        } catch (FFmpegFrameGrabber.Exception e) {
            throw new IOException("could not close the video decoder: " + e.getMessage(), e);
        } finally {
            if (opened.stream != null) {
                opened.stream.close();
            }
        }
    }
}
