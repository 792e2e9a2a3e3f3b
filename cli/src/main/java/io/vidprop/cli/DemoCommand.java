package io.vidprop.cli;

import io.vidprop.job.ProposalOptions;
import io.vidprop.demo.Demo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vidprop demo}: the whole pipeline on one machine, with nothing to install or start first. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts Apache Kafka (KRaft, on loopback, in a temporary directory), creates the topics, runs the "
                + "streaming job on a local Flink cluster with checkpointing, publishes synthetic 720p video (or --video) "
                + "from several cameras as JPEG frames, reads the proposals back, prints a summary, writes annotated "
                + "frames and an MP4 per camera, and shuts everything down."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--cameras", defaultValue = "4", description = "Synthetic cameras (default: ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--frames", defaultValue = "50", description = "Frames per camera (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--video", description = "Publish this video file (any FFmpeg-readable) as one camera instead.")
    Path video;

    @Option(names = "--width", defaultValue = "1280", description = "Synthetic frame width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "720", description = "Synthetic frame height (default: ${DEFAULT-VALUE}).")
    int height;

    @Mixin
    ProposalOptions proposals;

    @Option(names = "--top", defaultValue = "10", description = "Proposals drawn per frame (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--out", defaultValue = "demo-output",
            description = "Folder for annotated frames and videos (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Demo.Settings s = new Demo.Settings(cameras, frames, video, width, height, proposals.settings(), top, out);
        return new Demo(s, System.out).run();
    }
}
