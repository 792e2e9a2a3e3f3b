package io.vidprop.job;

import io.vidprop.operators.ProposalSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.configuration.GlobalConfiguration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The streaming job's options, defined once for the cluster jar's entry ({@link ClusterEntry}), {@code vidprop run}
 * (which runs the job on an embedded cluster) and {@code vidprop submit} (which hands the same options to a cluster).
 */
public final class JobOptionsMixin {
    @Spec
    CommandSpec self;

    @Mixin
    KafkaConnectionOptions kafka;

    @Option(names = "--frames-topic", defaultValue = ProposalJobOptions.DEFAULT_FRAMES_TOPIC, description = "Input topic (default: ${DEFAULT-VALUE}).")
    String framesTopic;

    @Option(names = "--proposals-topic", defaultValue = ProposalJobOptions.DEFAULT_PROPOSALS_TOPIC,
            description = "Output topic (default: ${DEFAULT-VALUE}).")
    String proposalsTopic;

    @Option(names = "--dead-letter-topic", defaultValue = ProposalJobOptions.DEFAULT_DEAD_LETTER_TOPIC,
            description = "Topic for frames that cannot be processed (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic;

    @Option(names = "--settings-topic", defaultValue = ProposalJobOptions.DEFAULT_SETTINGS_TOPIC,
            description = "Compacted topic of per-camera settings, read from its start (default: ${DEFAULT-VALUE}); "
                    + "see vidprop camera.")
    String settingsTopic;

    @Option(names = "--settings-dead-letter-topic", defaultValue = ProposalJobOptions.DEFAULT_SETTINGS_DEAD_LETTER_TOPIC,
            description = "Topic for settings records that cannot be used (default: ${DEFAULT-VALUE}).")
    String settingsDeadLetterTopic;

    @Option(names = "--events-topic", defaultValue = ProposalJobOptions.DEFAULT_EVENTS_TOPIC,
            description = "Topic of zone events (tracks entering and leaving the cameras' zones) (default: ${DEFAULT-VALUE}).")
    String eventsTopic;

    @Option(names = "--top", defaultValue = "" + ProposalSettings.DEFAULT_TOP,
            description = "At most this many proposals per record, best first, for cameras whose settings do not say; "
                    + "0 keeps every proposal the model keeps (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--min-score", defaultValue = "" + ProposalSettings.DEFAULT_MIN_SCORE,
            description = "Least objectness score of a proposal in a record, for cameras whose settings do not say "
                    + "(default: ${DEFAULT-VALUE}).")
    float minScore;

    @Option(names = "--group-id", defaultValue = "vidprop", description = "Consumer group (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--model", description = "Model directory, model.json, ONNX .onnx or TorchScript .pt (default: the built-in model).")
    String model;

    @Option(names = "--parallelism",
            description = {"Job parallelism (default: the cluster's: flink run -p, parallelism.default, the "
                + "FlinkDeployment's spec.job.parallelism; vidprop run: 1)."})
    Integer parallelism;

    @Option(names = "--batch-size", defaultValue = "" + ProposalSettings.DEFAULT_BATCH_SIZE,
            description = {"Frames per inference batch at most, across cameras (default: ${DEFAULT-VALUE}). On a CPU a",
                "large network (20 ms a frame or more) runs the power of two up to it that is timed fastest a frame."})
    int batchSize;

    @Option(names = "--fixed-batch-size",
            description = "Always fill batches up to --batch-size, never a smaller size timed faster.")
    boolean fixedBatchSize;

    @Option(names = "--max-wait-ms", defaultValue = "20",
            description = "Longest a frame waits for its batch to fill (default: ${DEFAULT-VALUE}).")
    long maxWaitMs;

    @Option(names = "--max-pixels", defaultValue = "33177600",
            description = "Larger frames go to the dead-letter topic undecoded (default: ${DEFAULT-VALUE}, 8K UHD).")
    long maxPixels;

    @Option(names = "--full-size-decoding", description = "Decode JPEG frames at full size even when the model "
            + "shrinks them (slower; proposals then equal torchvision's on the same bytes). Default: decode at 1/2, "
            + "1/4 or 1/8 scale when the model shrinks the frame by that much.")
    boolean fullSizeDecoding;

    @Option(names = "--pad-batches",
            description = {"Fill partial batches with blank frames so the model always sees full batches: same-size frames "
                + "then give bit-identical proposals however they were batched (as vidprop batch --pad-batches); costs "
                + "compute when the load is light."})
    boolean padBatches;

    @Option(names = "--max-frame-age-ms", defaultValue = "0",
            description = {"Live streams: frames captured longer ago than this when the model is about to run are shed "
                + "(counted in the framesShed metric and in the camera's next record); 0 never sheds (default: ${DEFAULT-VALUE})."})
    long maxFrameAgeMs;

    @Option(names = "--inference-thread", defaultValue = "auto",
            description = {"Run the model in a thread of its own while the task decodes the next batches: auto (on a GPU, "
                + "and on a CPU with 2 or more cores), true or false (default: ${DEFAULT-VALUE})."})
    String inferenceThread;

    @Option(names = "--max-failed-batches", defaultValue = "3",
            description = {"Batches in a row that may fail at inference (each retried frame by frame, frames failing alone "
                + "dead-lettered) before the task fails and Flink restarts it from the last checkpoint (default: ${DEFAULT-VALUE})."})
    int maxFailedBatches;

    @Option(names = "--camera-state-ttl-hours", defaultValue = "0",
            description = {"Forget a camera's duplicate-check state this long after its last frame (a replay of its footage "
                + "after that is processed again); 0 keeps it for good (default: ${DEFAULT-VALUE})."})
    long cameraStateTtlHours;

    @Option(names = "--cpu-threads", defaultValue = "0",
            description = {"PyTorch threads for CPU inference, per task manager; 0: the cores less one when the model has "
                + "a thread of its own, else PyTorch's default (default: ${DEFAULT-VALUE})."})
    int cpuThreads;

    @Option(names = "--checkpoint-interval-ms",
            description = {"Checkpoint interval; proposals are committed to Kafka at each checkpoint (default: the "
                + "cluster's execution.checkpointing.interval, else " + ProposalJobOptions.DEFAULT_CHECKPOINT_INTERVAL_MILLIS + ")."})
    Long checkpointInterval;


    @Option(names = "--transactional-id-prefix", defaultValue = "vidprop",
            description = "Prefix of the sinks' Kafka transactional ids; unique per job (default: ${DEFAULT-VALUE}).")
    String transactionalIdPrefix;

    @Option(names = "--inference-slot-sharing-group",
            description = "Run decoding and inference in a slot sharing group of this name, apart from the Kafka "
                    + "source and sinks (default: every operator in Flink's default group).")
    String inferenceSlotSharingGroup;

    @Option(names = "--inference-slot-gpus", defaultValue = "0",
            description = "GPUs (Flink external resource \"gpu\") each inference slot needs; with "
                    + "cluster.fine-grained-resource-management.enabled, inference then runs only on task managers "
                    + "with GPUs, and the source and sinks in slots without GPUs (default: ${DEFAULT-VALUE}, no resource "
                    + "profile).")
    double inferenceSlotGpus;

    @Option(names = "--inference-slot-cpu-cores", defaultValue = "1",
            description = "CPU cores of an inference slot with GPUs, and of the source and sinks' slot "
                    + "(default: ${DEFAULT-VALUE}).")
    double inferenceSlotCpuCores;

    @Option(names = "--inference-slot-heap-mb", defaultValue = "1024",
            description = "Task heap in MB of an inference slot with GPUs, and of the source and sinks' slot "
                    + "(default: ${DEFAULT-VALUE}).")
    int inferenceSlotHeapMb;

    public ProposalJobOptions options() throws IOException {
        return options(new Properties());
    }

    /**
     * The options, with Kafka client settings from elsewhere (Flink's configuration, {@link FlinkConfigurationOptions})
     * under those of the {@code --kafka-properties} file.
     */
    public ProposalJobOptions options(Properties kafkaSettings) throws IOException {
        Properties props = new Properties();
        props.putAll(kafkaSettings);
        props.putAll(kafka.properties());
        if (inferenceSlotSharingGroup == null && inferenceSlotGpus != 0) {
            throw new IllegalArgumentException("--inference-slot-gpus needs --inference-slot-sharing-group");
        }
        InferenceSlots slots = inferenceSlotSharingGroup == null ? InferenceSlots.SHARED
                : InferenceSlots.separate(inferenceSlotSharingGroup, inferenceSlotGpus, inferenceSlotCpuCores,
                        inferenceSlotHeapMb);
        ProposalJobOptions.Builder b = ProposalJobOptions.builder();
        if (parallelism != null) {
            b.parallelism(parallelism);
        }
        if (checkpointInterval != null) {
            b.checkpointIntervalMillis(checkpointInterval);
        }
        return b.bootstrapServers(kafka.bootstrapServers())
                .framesTopic(framesTopic)
                .proposalsTopic(proposalsTopic)
                .deadLetterTopic(deadLetterTopic)
                .settingsTopic(settingsTopic)
                .settingsDeadLetterTopic(settingsDeadLetterTopic)
                .eventsTopic(eventsTopic)
                .groupId(groupId)
                .transactionalIdPrefix(transactionalIdPrefix)
                .kafkaProperties(props)
                .proposals(ProposalSettings.builder().modelPath(model).batchSize(batchSize).maxWaitMillis(maxWaitMs)
                        .maxPixels(maxPixels).fullSizeDecoding(fullSizeDecoding).maxFrameAgeMillis(maxFrameAgeMs)
                        .padBatches(padBatches).fixedBatchSize(fixedBatchSize)
                        .inferenceThread(ProposalSettings.InferenceThreading.parse(inferenceThread)).cpuThreads(cpuThreads)
                        .maxFailedBatches(maxFailedBatches).top(top).minScore(minScore)
                        .cameraStateTtlMillis(java.time.Duration.ofHours(cameraStateTtlHours).toMillis()).build())
                .inferenceSlots(slots)
                .build();
    }

    /** The job's name in Flink: which topic goes where. */
    public String jobName() {
        return "vidprop: " + framesTopic + " -> " + proposalsTopic;
    }

    /** The {@code --kafka-properties} file, or null. */
    public Path kafkaPropertiesFile() {
        return kafka.propertiesFile();
    }

    /**
     * The options with a value, by name without the leading dashes, as the web UI shows them (global job parameters).
     * Kafka client settings are named {@code kafka.KEY}; values of keys Flink deems sensitive (passwords, JAAS
     * configurations, tokens, ...) are masked.
     */
    public Map<String, String> asJobParameters(Properties kafkaSettings) {
        Map<String, String> params = new TreeMap<>();
        for (OptionSpec o : self.options()) {
            Object value = o.getValue();
            if (value != null && !o.usageHelp() && !o.versionHelp() && !o.longestName().equals("--kafka-properties")) {
                params.put(o.longestName().substring(2), String.valueOf(value));
            }
        }
        for (String key : kafkaSettings.stringPropertyNames()) {
            params.put("kafka." + key, GlobalConfiguration.isSensitive(key) ? HIDDEN : kafkaSettings.getProperty(key));
        }
        return params;
    }

    static final String HIDDEN = "******";

    /**
     * These options as command-line arguments of the cluster entry and {@code vidprop run}, each with its value;
     * {@code --kafka-properties} is left out (a client-side path; {@code vidprop submit} ships the file's content).
     */
    public List<String> asRunArguments() {
        List<String> args = new ArrayList<>();
        for (OptionSpec o : self.options()) {
            if (o.longestName().equals("--kafka-properties")) {
                continue;
            }
            Object value = o.getValue();
            if (o.arity().max() == 0) {
                // A flag such as --pad-batches: present or absent, never followed by a value.
                if (Boolean.TRUE.equals(value)) {
                    args.add(o.longestName());
                }
            } else if (value != null) {
                args.add(o.longestName());
                args.add(String.valueOf(value));
            }
        }
        return args;
    }
}
