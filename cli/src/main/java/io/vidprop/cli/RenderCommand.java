package io.vidprop.cli;

import io.vidprop.job.KafkaConnectionOptions;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.render.ProposalRecords;
import io.vidprop.render.ProposalRenderer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vidprop render}: proposals drawn on the video they came from. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Draws proposal records (from a JSON-lines file or a Kafka topic) on the frames of the video they "
                + "were made from, matched by sequence number (the frame's index in the file, as replay and batch number "
                + "them), into a directory of PNG frames or a video file (.mp4, .mkv, .avi)."})
final class RenderCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--proposals", paramLabel = "FILE", description = "JSON-lines file of proposal records (vidprop batch --out).")
        Path file;

        @Option(names = "--proposals-topic", paramLabel = "TOPIC",
                description = "Kafka topic of proposal records, read (committed only) from the earliest until idle.")
        String topic;
    }

    @Option(names = "--video", required = true, paramLabel = "FILE", description = "The video the proposals were made from.")
    Path video;

    @Option(names = "--out", required = true, paramLabel = "DIR|FILE.mp4",
            description = "A directory for PNG frames, or a video file (.mp4, .mkv, .avi).")
    Path out;

    @Option(names = "--camera", paramLabel = "ID", description = {"Whose records to draw (default: the only camera in the "
            + "records, else the one named after the video file)."})
    String camera;

    @Option(names = "--top", defaultValue = "10", description = "Proposals drawn per frame, best first (default: ${DEFAULT-VALUE}).")
    int top;

    @Mixin
    KafkaConnectionOptions kafka;

    @Option(names = "--idle-seconds", defaultValue = "5",
            description = "With --proposals-topic: stop reading after this long without a new record (default: ${DEFAULT-VALUE}).")
    int idleSeconds;


    @Override
    public Integer call() throws Exception {
        List<ProposalRecord> records = input.file != null ? ProposalRecords.fromFile(input.file)
                : ProposalRecords.fromTopic(kafka.bootstrapServers(), input.topic, kafka.properties(),
                        Duration.ofSeconds(idleSeconds));
        new ProposalRenderer(top, System.out).render(records, video, camera, out);
        return 0;
    }
}
