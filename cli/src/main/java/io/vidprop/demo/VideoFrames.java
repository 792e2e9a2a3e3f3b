package io.vidprop.demo;

import io.vidprop.image.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Reads the frames of any video FFmpeg can read (MP4, MKV, AVI; H.264, H.265, MJPEG, VP9...). */
public final class VideoFrames {
    private VideoFrames() {}

    public static List<RgbImage> read(Path video, int maxFrames) throws Exception {
        if (!Files.isRegularFile(video)) {
            throw new IllegalArgumentException(video + ": no such video file");
        }
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        List<RgbImage> frames = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.start();
            Frame f;
            while (frames.size() < maxFrames && (f = grabber.grabImage()) != null) {
                frames.add(io.vidprop.synth.Images.toRgb(converter.convert(f)));
            }
            grabber.stop();
        }
        if (frames.isEmpty()) {
            throw new IllegalArgumentException(video + ": no video frames could be read");
        }
        return frames;
    }
}
