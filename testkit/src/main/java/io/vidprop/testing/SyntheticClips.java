package io.vidprop.testing;

import io.vidprop.synth.Images;
import io.vidprop.synth.SceneConfig;
import io.vidprop.synth.SyntheticVideo;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Small real video files of synthetic camera scenes, encoded by FFmpeg, for tests that read video files. */
public final class SyntheticClips {
    /** Frames between keyframes: a seek lands at most this many frames before its target. */
    public static final int KEYFRAME_INTERVAL = 12;

    private SyntheticClips() {}

    /**
     * Writes {@code frames} frames of a synthetic scene at {@code fps} as MPEG-4 in the container the file's extension
     * names (.mp4, .mkv, .avi), a keyframe every {@value #KEYFRAME_INTERVAL} frames.
     */
    public static Path write(Path file, long seed, int frames, double fps, int width, int height) throws Exception {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        SyntheticVideo video = new SyntheticVideo(seed, SceneConfig.builder().size(width, height).build());
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height);
        try (Java2DFrameConverter converter = new Java2DFrameConverter()) {
            recorder.setFormat(name.endsWith(".mkv") ? "matroska" : name.endsWith(".avi") ? "avi" : "mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setGopSize(KEYFRAME_INTERVAL);
            recorder.setVideoQuality(3);
            recorder.start();
            for (int i = 0; i < frames; i++) {
                recorder.record(converter.convert(Images.toBufferedImage(video.frame(i).image())));
            }
            recorder.stop();
        } finally {
            recorder.release();
        }
        return file;
    }
}
