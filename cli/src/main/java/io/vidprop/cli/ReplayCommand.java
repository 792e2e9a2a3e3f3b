package io.vidprop.cli;

import io.vidprop.decode.JpegEncoder;
import io.vidprop.job.EveryOption;
import io.vidprop.job.KafkaConnectionOptions;
import io.vidprop.job.ProposalJobOptions;
import io.vidprop.replay.ReplayOptions;
import io.vidprop.replay.ReplayRate;
import io.vidprop.replay.VideoReplayer;
import io.vidprop.video.VideoRange;
import io.vidprop.video.VideoSource;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vidprop replay}: video files into the frames topic, as cameras would publish them. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Publishes video files (anything FFmpeg reads: MP4, MKV, AVI; H.264, H.265, MJPEG, VP9...) to the "
                + "frames topic as JPEG frames, one camera per file, with sequence numbers (frame index in the file) and "
                + "capture times (epoch + presentation time). Re-running publishes identical records, which the job "
                + "drops as duplicates. A damaged file publishes its readable frames, then fails saying where."})
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--video", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Video files to publish, one camera each.")
    List<Path> videos;

    @Option(names = "--camera", paramLabel = "ID",
            description = "Camera id, once per --video file in order (default: the file name without extension).")
    List<String> cameras;

    @Mixin
    KafkaConnectionOptions kafka;

    @Option(names = "--frames-topic", defaultValue = ProposalJobOptions.DEFAULT_FRAMES_TOPIC, description = "Topic to publish to (default: ${DEFAULT-VALUE}).")
    String framesTopic;

    @Option(names = "--rate", defaultValue = "1x",
            description = "1x keeps the video's pacing, 2x doubles it, max goes as fast as the broker accepts (default: ${DEFAULT-VALUE}).")
    String rate;

    @Option(names = "--loop", description = "Replay again and again, with ever-increasing sequence numbers, until stopped.")
    boolean loop;

    @Option(names = "--start", paramLabel = "SECONDS", description = "First presentation time to publish (default: the start).")
    Double start;

    @Option(names = "--end", paramLabel = "SECONDS", description = "Presentation time to stop before (default: the end).")
    Double end;

    @Mixin
    EveryOption every;

    @Option(names = "--jpeg-quality", defaultValue = "" + JpegEncoder.DEFAULT_QUALITY, description = "JPEG quality 1..100 (default: ${DEFAULT-VALUE}).")
    int jpegQuality;

    @Option(names = "--epoch-ms", description = {"Capture time of presentation time zero, ms since the epoch (default: the "
            + "file's creation_time metadata, else its modification time)."})
    Long epochMillis;


    @Override
    public Integer call() throws Exception {
        new VideoReplayer(ReplayOptions.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .framesTopic(framesTopic)
                .videos(VideoSource.of(videos, cameras))
                .rate(ReplayRate.parse(rate))
                .loop(loop)
                .range(VideoRange.ofSeconds(start, end))
                .every(every.every())
                .jpegQuality(jpegQuality)
                .epochMillis(epochMillis)
                .kafkaProperties(kafka.properties())
                .build(), System.out).run();
        return 0;
    }
}
