package io.vidprop.batch;

import io.vidprop.decode.JpegEncoder;
import io.vidprop.job.EveryOption;
import io.vidprop.job.KafkaConnectionOptions;
import io.vidprop.job.KafkaSinkOptions;
import io.vidprop.job.ProposalJobOptions;
import io.vidprop.job.ProposalOptions;
import io.vidprop.video.VideoRange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The batch job's options, one definition for {@code vidprop batch} and the cluster entry's {@code batch} (a picocli
 * mixin): the archive, how it is cut and sampled, the proposal operator's options, and where the cluster writes.
 */
public final class BatchJobOptions {
    @Spec
    CommandSpec self;

    @Option(names = "--video", required = true, arity = "1..*", paramLabel = "PATH|URI|GLOB",
            description = {"Video files, directories (read recursively; video files by extension) and glob patterns "
                + "(*, **, ?), as paths or URIs of any Flink file system (file://; s3://, hdfs://, gs:// with the "
                + "cluster's file system plugins). Listed on the cluster, not by this client."})
    List<String> videos;

    @Option(names = "--camera", paramLabel = "ID", description = {"Camera id, once per --video file in order (default: "
            + "the file's path below the directory or pattern given, without extension; a file given alone: its name "
            + "without extension)."})
    List<String> cameras;

    @Option(names = "--out-dir", paramLabel = "DIR|URI", description = {"Directory (or URI) the cluster writes into: "
            + "proposals/CAMERA/part-*.jsonl and dead-letters/CAMERA/part-*.jsonl, files finished and committed "
            + "exactly once; in-progress files are hidden (leading dot)."})
    String outDir;

    @Option(names = "--proposals-topic", paramLabel = "TOPIC", description = {"Write proposal records to this Kafka "
            + "topic instead, in transactions committed when the job finishes (read_committed consumers see each "
            + "record once); dead letters go to --dead-letter-topic."})
    String proposalsTopic;

    @Mixin
    KafkaSinkOptions sinks;

    @Mixin
    KafkaConnectionOptions kafka;

    @Option(names = "--split-seconds", defaultValue = "" + BatchOptions.DEFAULT_SPLIT_SECONDS, paramLabel = "S",
            description = {"Cut files with a constant frame rate into time ranges of S seconds, read in parallel "
                + "(the keyframe before each range, frames before its start dropped); frame numbers and capture "
                + "times stay the file's. 0: one split per file (default: ${DEFAULT-VALUE})."})
    double splitSeconds;

    @Mixin
    EveryOption every;

    @Option(names = "--fail-on-damaged", description = {"Stop the job at the first damaged or unreadable file. By "
            + "default such a file becomes a dead letter with its name and the reason (after its readable frames) and "
            + "the job goes on."})
    boolean failOnDamaged;

    @Option(names = "--parallelism", defaultValue = "" + BatchOptions.DEFAULT_PARALLELISM,
            description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--part-size-mb", defaultValue = "" + BatchOptions.DEFAULT_PART_MEGABYTES,
            description = "Part files are finished at this size (default: ${DEFAULT-VALUE}).")
    int partMegabytes;

    @Mixin
    ProposalOptions proposals;

    @Option(names = "--start", paramLabel = "SECONDS", description = "First presentation time to read (default: the "
            + "start).")
    Double start;

    @Option(names = "--end", paramLabel = "SECONDS", description = "Presentation time to stop before (default: the "
            + "end).")
    Double end;

    @Option(names = "--jpeg-quality", defaultValue = "" + JpegEncoder.DEFAULT_QUALITY,
            description = "JPEG quality frames are encoded with, as replay does (default: ${DEFAULT-VALUE}).")
    int jpegQuality;

    @Option(names = "--epoch-ms", description = {"Capture time of presentation time zero, ms since the epoch (default: "
            + "each file's creation_time metadata, else its modification time)."})
    Long epochMillis;

    /** The options as given, the output included (one of --out-dir and --proposals-topic is required). */
    public BatchOptions options() throws IOException {
        return options(new Properties());
    }

    /**
     * The options as given, with Kafka client settings from elsewhere (the cluster's configuration) under those of
     * {@code --kafka-properties}.
     */
    public BatchOptions options(Properties kafkaDefaults) throws IOException {
        if (outDir != null && proposalsTopic != null) {
            throw new IllegalArgumentException("give --out-dir or --proposals-topic, not both");
        }
        BatchOptions.Builder b = builder();
        if (outDir != null) {
            b.outDir(outDir);
        } else if (proposalsTopic != null) {
            b.kafka(kafkaOutput(kafkaDefaults));
        }
        return b.build();
    }

    /** A builder with every option but the output set. */
    public BatchOptions.Builder builder() {
        return BatchOptions.builder().videos(videos).cameras(cameras).range(VideoRange.ofSeconds(start, end))
                .epochMillis(epochMillis).splitSeconds(splitSeconds).every(every.every()).failOnDamaged(failOnDamaged)
                .jpegQuality(jpegQuality).parallelism(parallelism).proposals(proposals.settings())
                .partBytes(partMegabytes * 1024L * 1024L);
    }

    /**
     * These options as arguments of the cluster entry's {@code batch} subcommand, each with its value (a list option
     * once per element, a flag bare when set); {@code --kafka-properties} is left out (a client-side path: its content
     * goes to the cluster as Flink configuration, see {@code vidprop submit}).
     */
    public List<String> asArguments() {
        List<String> args = new ArrayList<>();
        for (OptionSpec o : self.options()) {
            if (o.usageHelp() || o.versionHelp() || o.longestName().equals("--kafka-properties")) {
                continue;
            }
            Object value = o.getValue();
            if (o.arity().max() == 0) {
                if (Boolean.TRUE.equals(value)) {
                    args.add(o.longestName());
                }
            } else if (value instanceof Collection<?> values) {
                for (Object v : values) {
                    args.add(o.longestName());
                    args.add(String.valueOf(v));
                }
            } else if (value != null) {
                args.add(o.longestName());
                args.add(String.valueOf(value));
            }
        }
        return args;
    }

    /**
     * Makes relative local paths of {@code --video} and {@code --out-dir} absolute against {@code workingDirectory},
     * for a cluster whose processes have another working directory (URIs and absolute paths stay as they are).
     */
    public void resolveAgainst(java.nio.file.Path workingDirectory) {
        if (videos != null) {
            videos = videos.stream().map(v -> resolve(workingDirectory, v)).toList();
        }
        if (outDir != null) {
            outDir = resolve(workingDirectory, outDir);
        }
    }

    private static String resolve(java.nio.file.Path dir, String path) {
        boolean uri = path.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*");
        if (uri || path.startsWith("/")) {
            return path;
        }
        return dir.toAbsolutePath().normalize() + "/" + (path.startsWith("./") ? path.substring(2) : path);
    }

    /** The {@code --kafka-properties} file, or null. */
    public java.nio.file.Path kafkaPropertiesFile() {
        return kafka.propertiesFile();
    }

    public int every() {
        return every.every();
    }

    public String outDir() {
        return outDir;
    }

    public String proposalsTopic() {
        return proposalsTopic;
    }

    public KafkaConnectionOptions kafka() {
        return kafka;
    }

    private BatchOptions.KafkaOutput kafkaOutput(Properties defaults) throws IOException {
        Properties p = new Properties();
        p.putAll(defaults);
        p.putAll(kafka.properties());
        Map<String, String> props = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            props.put(key, p.getProperty(key));
        }
        return new BatchOptions.KafkaOutput(kafka.bootstrapServers(), props, proposalsTopic,
                sinks.deadLetterTopic(), sinks.transactionalIdPrefix());
    }
}
