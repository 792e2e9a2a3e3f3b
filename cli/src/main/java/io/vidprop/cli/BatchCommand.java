package io.vidprop.cli;

import io.vidprop.job.KafkaConnectionOptions;
import io.vidprop.job.ProposalOptions;
import io.vidprop.batch.BatchJob;
import io.vidprop.batch.BatchOptions;
import io.vidprop.batch.BatchOutput;
import io.vidprop.batch.BatchOutputWriter;
import io.vidprop.decode.JpegEncoder;
import io.vidprop.kafka.TopicRetention;
import io.vidprop.video.VideoFileReader;
import io.vidprop.video.VideoRange;
import io.vidprop.video.VideoSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vidprop batch}: the job's operators over video files in Flink's batch mode. */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {"Runs the streaming job's operators over video files (or directories of them) in Flink's BATCH "
                + "execution mode, one camera per file, as fast as the machine allows. For the same frames the proposals "
                + "equal those of replay + run. Proposals go to a JSON-lines file (sorted by camera and sequence; dead "
                + "letters next to it in NAME.dead-letters.jsonl) or to a Kafka topic. A damaged file fails the run."})
final class BatchCommand implements Callable<Integer> {
    @Option(names = "--video", required = true, arity = "1..*", paramLabel = "FILE|DIR",
            description = "Video files, or directories whose video files (by extension) are all read.")
    List<Path> videos;

    @Option(names = "--camera", paramLabel = "ID",
            description = "Camera id, once per video file in order (default: the file name without extension).")
    List<String> cameras;

    @ArgGroup(exclusive = true)
    Output output = new Output();

    static final class Output {
        @Option(names = "--out", defaultValue = "proposals.jsonl",
                description = "JSON-lines file of proposal records (default: ${DEFAULT-VALUE}).")
        Path out = Path.of("proposals.jsonl");

        @Option(names = "--proposals-topic", description = "Publish the proposal records to this Kafka topic instead.")
        String topic;
    }

    @Mixin
    KafkaConnectionOptions kafka;

    @Option(names = "--parallelism", defaultValue = "" + BatchOptions.DEFAULT_PARALLELISM,
            description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Mixin
    ProposalOptions proposals;

    @Option(names = "--start", paramLabel = "SECONDS", description = "First presentation time to read (default: the start).")
    Double start;

    @Option(names = "--end", paramLabel = "SECONDS", description = "Presentation time to stop before (default: the end).")
    Double end;

    @Option(names = "--jpeg-quality", defaultValue = "" + JpegEncoder.DEFAULT_QUALITY,
            description = "JPEG quality frames are encoded with, as replay does (default: ${DEFAULT-VALUE}).")
    int jpegQuality;

    @Option(names = "--epoch-ms", description = {"Capture time of presentation time zero, ms since the epoch (default: the "
            + "file's creation_time metadata, else its modification time)."})
    Long epochMillis;

    @Override
    public Integer call() throws Exception {
        BatchOptions options = BatchOptions.builder()
                .videos(VideoSource.of(videos, cameras))
                .range(VideoRange.ofSeconds(start, end))
                .epochMillis(epochMillis)
                .jpegQuality(jpegQuality)
                .parallelism(parallelism)
                .proposals(proposals.settings())
                .build();
        if (output.topic != null) {
            checkRetention(options);
        }
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        BatchJob.Result result = BatchJob.run(StreamExecutionEnvironment.getExecutionEnvironment(conf), options);
        for (BatchOutput d : result.deadLetters()) {
            System.out.printf("dead letter: %s#%d: %s%n", d.cameraId, d.sequence, d.error);
        }
        if (output.topic != null) {
            BatchOutputWriter.publish(result, kafka.bootstrapServers(), output.topic, kafka.properties());
            System.out.printf("%d proposal records published to %s, %d dead letters%n", result.proposals().size(),
                    output.topic, result.deadLetters().size());
        } else {
            BatchOutputWriter.writeFiles(result, output.out);
            System.out.printf("%d proposal records in %s, %d dead letters in %s%n", result.proposals().size(),
                    output.out, result.deadLetters().size(), BatchOutputWriter.deadLetterFile(output.out));
        }
        return 0;
    }

    /** Before the run, not after it: proposals carry the files' capture times, which the topic must keep. */
    private void checkRetention(BatchOptions options) throws IOException {
        long oldest = Long.MAX_VALUE;
        for (VideoSource v : options.videos()) {
            try (VideoFileReader r = VideoFileReader.open(v.file(), options.range(), options.epochMillis())) {
                oldest = Math.min(oldest, r.epochMillis());
            }
        }
        Properties p = kafka.properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        String note = TopicRetention.check(p, output.topic, oldest, System.currentTimeMillis(),
                "run with --epoch-ms set to a recent time");
        if (note != null) {
            System.out.println("note: " + note);
        }
    }
}
