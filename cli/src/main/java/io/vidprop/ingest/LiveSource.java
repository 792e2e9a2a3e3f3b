package io.vidprop.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * Where frames come from, as given to {@code --source}: a URL FFmpeg can open (RTSP, HTTP/MJPEG, MPEG-TS over TCP
 * or UDP, ...), a V4L2 capture device, or a video file, which is played at its own frame rate as if it were live.
 */
public record LiveSource(String location, Kind kind) {
    /** What kind of source, which decides how it is opened, paced and reconnected. */
    public enum Kind {
        /** A network stream; reconnected when it drops. */
        URL,
        /** A local capture device (/dev/videoN, through V4L2); reopened when it drops. */
        DEVICE,
        /** A video file played in real time; ingest ends with the file. */
        FILE
    }

    public static LiveSource parse(String location) {
        if (location.contains("://")) {
            return new LiveSource(location, Kind.URL);
        }
        if (location.startsWith("/dev/")) {
            return new LiveSource(location, Kind.DEVICE);
        }
        if (!Files.isRegularFile(Path.of(location))) {
            throw new IllegalArgumentException(location + ": no such file (a source is a URL such as "
                    + "rtsp://host/stream, a device such as /dev/video0, or a video file)");
        }
        return new LiveSource(location, Kind.FILE);
    }

    /** A grabber for this source, configured but not started. */
    FFmpegFrameGrabber grabber(IngestSettings s) {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(location);
        if (s.format() != null) {
            g.setFormat(s.format());
        } else if (kind == Kind.DEVICE) {
            g.setFormat("v4l2");
        }
        if (kind == Kind.URL) {
            String micros = Long.toString(s.timeoutMillis() * 1000);
            // rw_timeout: any protocol's reads and connects; timeout: RTSP's socket I/O and TCP's connect/reads.
            g.setOption("rw_timeout", micros);
            g.setOption("timeout", micros);
            if (location.startsWith("rtsp")) {
                g.setOption("rtsp_transport", s.rtspTransport());
            }
        }
        return g;
    }

    @Override
    public String toString() {
        return location;
    }
}
