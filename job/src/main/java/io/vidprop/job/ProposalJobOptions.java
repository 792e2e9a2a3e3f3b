package io.vidprop.job;

import io.vidprop.operators.ProposalSettings;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * Everything the streaming job needs, an immutable value with defaults that work with the embedded demo; built and
 * validated by {@link Builder#build()}.
 *
 * @param bootstrapServers the Kafka cluster of all three topics
 * @param settingsTopic the compacted topic of per-camera settings (key: camera id, value: JSON)
 * @param settingsDeadLetterTopic settings records the job refused, with the reason
 * @param eventsTopic zone events of the cameras' tracks
 * @param groupId the frames source's consumer group (the settings source's is this with {@code -settings})
 * @param transactionalIdPrefix prefix of the sinks' Kafka transactional ids; unique per job writing to the same cluster
 * @param parallelism empty: the environment's (flink run -p, parallelism.default, the FlinkDeployment's
 *     spec.job.parallelism)
 * @param checkpointIntervalMillis empty: the environment's execution.checkpointing.interval, or
 *     {@link #DEFAULT_CHECKPOINT_INTERVAL_MILLIS}
 * @param fromEarliest without committed offsets, start at the earliest frame (true) or the latest (false)
 * @param kafkaProperties extra Kafka client settings (TLS, SASL, ...) for the source and both sinks; a copy
 * @param proposals the proposal operator's settings
 * @param inferenceSlots where the proposal operator runs
 */
public record ProposalJobOptions(String bootstrapServers, String framesTopic, String proposalsTopic,
        String deadLetterTopic, String settingsTopic, String settingsDeadLetterTopic, String eventsTopic, String groupId, String transactionalIdPrefix, OptionalInt parallelism,
        OptionalLong checkpointIntervalMillis, boolean fromEarliest, Properties kafkaProperties,
        ProposalSettings proposals, InferenceSlots inferenceSlots) {
    /**
     * The checkpoint interval when neither the options nor the cluster set one: the exactly-once sinks commit only at
     * checkpoints, so a job without them would never publish a proposal.
     */
    public static final long DEFAULT_CHECKPOINT_INTERVAL_MILLIS = 2000;
    /** The topics' defaults, here once for the job, its options and the commands that publish or read them. */
    public static final String DEFAULT_FRAMES_TOPIC = "frames";
    public static final String DEFAULT_PROPOSALS_TOPIC = "proposals";
    public static final String DEFAULT_DEAD_LETTER_TOPIC = "frames-dead-letter";
    public static final String DEFAULT_SETTINGS_TOPIC = "camera-settings";
    public static final String DEFAULT_SETTINGS_DEAD_LETTER_TOPIC = "camera-settings-dead-letter";
    public static final String DEFAULT_EVENTS_TOPIC = "camera-events";
    public static final String DEFAULT_GROUP_ID = "vidprop";
    public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "vidprop";

    public ProposalJobOptions {
        kafkaProperties = copy(kafkaProperties);
    }

    /** The extra Kafka client settings, a copy to add to. */
    @Override
    public Properties kafkaProperties() {
        return copy(kafkaProperties);
    }

    private static Properties copy(Properties p) {
        Properties copy = new Properties();
        if (p != null) {
            copy.putAll(p);
        }
        return copy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder. */
    public static final class Builder {
        private String bootstrapServers = KafkaConnectionOptions.DEFAULT_BOOTSTRAP_SERVERS;
        private String framesTopic = DEFAULT_FRAMES_TOPIC;
        private String proposalsTopic = DEFAULT_PROPOSALS_TOPIC;
        private String deadLetterTopic = DEFAULT_DEAD_LETTER_TOPIC;
        private String settingsTopic = DEFAULT_SETTINGS_TOPIC;
        private String settingsDeadLetterTopic = DEFAULT_SETTINGS_DEAD_LETTER_TOPIC;
        private String eventsTopic = DEFAULT_EVENTS_TOPIC;
        private String groupId = DEFAULT_GROUP_ID;
        private String transactionalIdPrefix = DEFAULT_TRANSACTIONAL_ID_PREFIX;
        private OptionalInt parallelism = OptionalInt.empty();
        private OptionalLong checkpointIntervalMillis = OptionalLong.empty();
        private boolean fromEarliest = true;
        private Properties kafkaProperties = new Properties();
        private ProposalSettings proposals = ProposalSettings.DEFAULTS;
        private InferenceSlots inferenceSlots = InferenceSlots.SHARED;

        public Builder bootstrapServers(String s) {
            this.bootstrapServers = s;
            return this;
        }

        public Builder framesTopic(String t) {
            this.framesTopic = t;
            return this;
        }

        public Builder proposalsTopic(String t) {
            this.proposalsTopic = t;
            return this;
        }

        public Builder deadLetterTopic(String t) {
            this.deadLetterTopic = t;
            return this;
        }

        public Builder settingsTopic(String t) {
            this.settingsTopic = t;
            return this;
        }

        public Builder settingsDeadLetterTopic(String t) {
            this.settingsDeadLetterTopic = t;
            return this;
        }

        public Builder eventsTopic(String t) {
            this.eventsTopic = t;
            return this;
        }

        public Builder groupId(String g) {
            this.groupId = g;
            return this;
        }

        /** Prefix of the Kafka transactional ids; unique per job writing to the same cluster. */
        public Builder transactionalIdPrefix(String p) {
            this.transactionalIdPrefix = p;
            return this;
        }

        /** The job's parallelism; unset, the environment's. */
        public Builder parallelism(int p) {
            this.parallelism = OptionalInt.of(p);
            return this;
        }

        /**
         * Checkpoint interval; proposals become visible to read_committed consumers at each checkpoint. Unset, the
         * environment's, or {@link #DEFAULT_CHECKPOINT_INTERVAL_MILLIS} where it has none.
         */
        public Builder checkpointIntervalMillis(long ms) {
            this.checkpointIntervalMillis = OptionalLong.of(ms);
            return this;
        }

        /** Without committed offsets, start at the earliest frame (true) or the latest (false). */
        public Builder fromEarliest(boolean earliest) {
            this.fromEarliest = earliest;
            return this;
        }

        /** Extra Kafka client settings (TLS, SASL, ...) for the source and both sinks. */
        public Builder kafkaProperties(Properties p) {
            this.kafkaProperties = p;
            return this;
        }

        public Builder proposals(ProposalSettings s) {
            this.proposals = s;
            return this;
        }

        /** Where the proposal operator (decoding and inference) runs: see {@link InferenceSlots}. */
        public Builder inferenceSlots(InferenceSlots slots) {
            this.inferenceSlots = slots;
            return this;
        }

        public ProposalJobOptions build() {
            require(bootstrapServers, "bootstrap servers");
            require(framesTopic, "frames topic");
            require(proposalsTopic, "proposals topic");
            require(deadLetterTopic, "dead-letter topic");
            require(settingsTopic, "settings topic");
            require(settingsDeadLetterTopic, "settings dead-letter topic");
            require(eventsTopic, "events topic");
            require(groupId, "consumer group id");
            require(transactionalIdPrefix, "transactional id prefix");
            if (parallelism.isPresent() && parallelism.getAsInt() <= 0) {
                throw new IllegalArgumentException("parallelism must be positive, got " + parallelism.getAsInt());
            }
            if (checkpointIntervalMillis.isPresent() && checkpointIntervalMillis.getAsLong() < 100) {
                throw new IllegalArgumentException("checkpoint interval must be at least 100 ms, got "
                        + checkpointIntervalMillis.getAsLong());
            }
            if (proposals == null) {
                throw new IllegalArgumentException("proposal settings are required (ProposalSettings.DEFAULTS by default)");
            }
            if (inferenceSlots == null) {
                throw new IllegalArgumentException("inference slots are required (InferenceSlots.SHARED by default)");
            }
            if (framesTopic.equals(proposalsTopic) || framesTopic.equals(deadLetterTopic)
                    || framesTopic.equals(settingsDeadLetterTopic) || framesTopic.equals(eventsTopic)) {
                throw new IllegalArgumentException("the frames topic must differ from the output topics");
            }
            if (settingsTopic.equals(framesTopic) || settingsTopic.equals(proposalsTopic)
                    || settingsTopic.equals(deadLetterTopic) || settingsTopic.equals(settingsDeadLetterTopic)
                    || settingsTopic.equals(eventsTopic)) {
                throw new IllegalArgumentException("the settings topic must differ from the frames and output topics");
            }
            return new ProposalJobOptions(bootstrapServers, framesTopic, proposalsTopic, deadLetterTopic, settingsTopic,
                    settingsDeadLetterTopic, eventsTopic, groupId,
                    transactionalIdPrefix, parallelism, checkpointIntervalMillis, fromEarliest, kafkaProperties, proposals,
                    inferenceSlots);
        }

        private static void require(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("a " + what + " is required");
            }
        }
    }
}
