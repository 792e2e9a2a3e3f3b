package io.vidprop.job;

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

    @Mixin
    KafkaSinkOptions sinks;

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

    @Option(names = "--group-id", defaultValue = ProposalJobOptions.DEFAULT_GROUP_ID, description = "Consumer group (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--parallelism",
            description = {"Job parallelism (default: the cluster's: flink run -p, parallelism.default, the "
                + "FlinkDeployment's spec.job.parallelism; vidprop run: 1)."})
    Integer parallelism;

    @Mixin
    StreamingProposalOptions proposals;

    @Option(names = "--checkpoint-interval-ms",
            description = {"Checkpoint interval; proposals are committed to Kafka at each checkpoint (default: the "
                + "cluster's execution.checkpointing.interval, else " + ProposalJobOptions.DEFAULT_CHECKPOINT_INTERVAL_MILLIS + ")."})
    Long checkpointInterval;

    @Option(names = "--inference-slot-sharing-group",
            description = "Run decoding and inference in a slot sharing group of this name, apart from the Kafka "
                    + "source and sinks (default: every operator in Flink's default group).")
    String inferenceSlotSharingGroup;

    @Option(names = "--inference-slot-gpus", defaultValue = "" + InferenceSlots.DEFAULT_GPUS,
            description = "GPUs (Flink external resource \"gpu\") each inference slot needs; with "
                    + "cluster.fine-grained-resource-management.enabled, inference then runs only on task managers "
                    + "with GPUs, and the source and sinks in slots without GPUs (default: ${DEFAULT-VALUE}, no resource "
                    + "profile).")
    double inferenceSlotGpus;

    @Option(names = "--inference-slot-cpu-cores", defaultValue = "" + InferenceSlots.DEFAULT_CPU_CORES,
            description = "CPU cores of an inference slot with GPUs, and of the source and sinks' slot "
                    + "(default: ${DEFAULT-VALUE}).")
    double inferenceSlotCpuCores;

    @Option(names = "--inference-slot-heap-mb", defaultValue = "" + InferenceSlots.DEFAULT_HEAP_MB,
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
                .deadLetterTopic(sinks.deadLetterTopic())
                .settingsTopic(settingsTopic)
                .settingsDeadLetterTopic(settingsDeadLetterTopic)
                .eventsTopic(eventsTopic)
                .groupId(groupId)
                .transactionalIdPrefix(sinks.transactionalIdPrefix())
                .kafkaProperties(props)
                .proposals(proposals.settings())
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
