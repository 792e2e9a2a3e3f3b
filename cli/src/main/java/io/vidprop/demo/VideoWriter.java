package io.vidprop.demo;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes frames to a video file with FFmpeg: MPEG-4 Part 2, which every player reads, in an MP4 container, or MKV or
 * AVI when the file name ends so.
 */
public final class VideoWriter implements AutoCloseable {
    private final FFmpegFrameRecorder recorder;
    private final Java2DFrameConverter converter = new Java2DFrameConverter();

    public VideoWriter(Path file, int width, int height, double fps) throws Exception {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        recorder = new FFmpegFrameRecorder(file.toFile(), width, height);
        recorder.setFormat(container(file));
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setVideoQuality(3);
        recorder.start();
    }

    static String container(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".mkv") ? "matroska" : name.endsWith(".avi") ? "avi" : "mp4";
    }

    public void write(BufferedImage frame) throws Exception {
        recorder.record(converter.convert(frame));
    }

    @Override
    public void close() throws Exception {
        recorder.stop();
        recorder.release();
        converter.close();
    }
}
