package io.vidprop.job;

import io.vidprop.kafka.CameraEventSerializer;
import io.vidprop.kafka.DeadLetterSerializer;
import io.vidprop.kafka.Frame;
import io.vidprop.kafka.FrameDeserializer;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.kafka.ProposalRecordSerializer;
import io.vidprop.kafka.TransactionTimeout;
import io.vidprop.operators.ProposalOperator;
import io.vidprop.operators.ProposalSettings;
import io.vidprop.settings.CameraSettingsDeserializer;
import io.vidprop.settings.CameraSettingsUpdate;
import io.vidprop.settings.SettingsDeadLetterSerializer;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import java.util.function.UnaryOperator;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The streaming job: frames from Kafka, keyed by camera, through the proposal operator, proposals to Kafka with
 * exactly-once delivery and undecodable frames to a dead-letter topic. Operator UIDs are stable so savepoints
 * carry over between versions.
 */
public final class ProposalJob {
    public static final String SOURCE_UID = "frames-source";
    public static final String OPERATOR_UID = "proposal-operator";
    public static final String SINK_UID = "proposals-sink";
    public static final String DEAD_LETTER_UID = "dead-letter-sink";
    public static final String SETTINGS_SOURCE_UID = "camera-settings-source";
    public static final String SETTINGS_DEAD_LETTER_UID = "camera-settings-dead-letter-sink";
    public static final String EVENTS_UID = "camera-events-sink";
    /** How often the settings source looks for the settings topic's partitions (a topic created after the job). */
    static final long SETTINGS_PARTITION_DISCOVERY_MILLIS = 10_000;
    /**
     * The proposal operator's key groups: the most subtasks it can ever scale to. Set explicitly because a savepoint
     * freezes it (keyed state is split by key group); 128 is what Flink derived for up to 85 subtasks, so savepoints
     * of earlier versions restore.
     */
    public static final int MAX_PARALLELISM = 128;

    private ProposalJob() {}

    /**
     * The part of the graph the streaming and the batch job share: frames keyed by camera through the proposal
     * operator, with every camera's settings broadcast to it. Frames that cannot be processed leave through its
     * {@link ProposalOperator#DEAD_LETTERS} side output, settings that cannot be used through
     * {@link ProposalOperator#SETTINGS_DEAD_LETTERS}.
     */
    public static SingleOutputStreamOperator<ProposalRecord> proposals(DataStream<Frame> frames,
            DataStream<CameraSettingsUpdate> cameraSettings, ProposalSettings settings) {
        return frames.keyBy(f -> f.cameraId)
                .connect(cameraSettings.broadcast())
                .transform("proposals", TypeInformation.of(ProposalRecord.class), new ProposalOperator(settings))
                .uid(OPERATOR_UID)
                .setMaxParallelism(MAX_PARALLELISM);
    }

    /** No camera settings: every camera gets the job's (the batch job, and tests of the graph without a broker). */
    public static DataStream<CameraSettingsUpdate> noCameraSettings(StreamExecutionEnvironment env) {
        // fromData with no elements fails in Flink 2.2 (its generator is called once anyway): one number, dropped.
        return env.fromSequence(0, 0)
                .flatMap((Long n, org.apache.flink.util.Collector<CameraSettingsUpdate> out) -> { })
                .returns(TypeInformation.of(CameraSettingsUpdate.class))
                .name("no camera settings");
    }

    /**
     * Adds the job's graph to the environment and enables exactly-once checkpointing. Parallelism and checkpoint
     * interval are the options' where they set them, else the environment's (the cluster's configuration, flink run
     * -p); a cluster without a checkpoint interval gets {@link ProposalJobOptions#DEFAULT_CHECKPOINT_INTERVAL_MILLIS}.
     * The job sets no restart strategy: the cluster's applies, and where it sets none, Flink's default with
     * checkpointing on is exponential-delay with unlimited attempts. Both sinks keep a stable transactional id prefix,
     * so a restarted attempt aborts the transactions the failed one left open (the connector's default naming).
     */
    public static void build(StreamExecutionEnvironment env, ProposalJobOptions o) {
        build(env, o, UnaryOperator.identity());
    }

    /**
     * Before the job starts: refuses (IllegalArgumentException) a {@code transaction.timeout.ms} longer than a
     * broker's {@code transaction.max.timeout.ms}, with which the sinks would fail at their first transaction and the
     * job would restart forever. Returns null when it fits, or a note saying why it could not be checked. Call it
     * after {@link #build}, which settles the checkpoint interval.
     */
    public static String checkTransactionTimeout(StreamExecutionEnvironment env, ProposalJobOptions o) {
        Properties client = new Properties();
        client.putAll(o.kafkaProperties());
        client.setProperty("bootstrap.servers", o.bootstrapServers());
        return TransactionTimeout.check(client,
                TransactionTimeout.of(o.kafkaProperties(), env.getCheckpointConfig().getCheckpointInterval()));
    }

    /**
     * The same graph with a transformation spliced in between the source and the proposal operator (tests use it to
     * inject failures).
     */
    static void build(StreamExecutionEnvironment env, ProposalJobOptions o, UnaryOperator<DataStream<Frame>> splice) {
        if (o.checkpointIntervalMillis().isPresent()) {
            env.enableCheckpointing(o.checkpointIntervalMillis().getAsLong(), CheckpointingMode.EXACTLY_ONCE);
        } else if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(ProposalJobOptions.DEFAULT_CHECKPOINT_INTERVAL_MILLIS, CheckpointingMode.EXACTLY_ONCE);
        }
        o.parallelism().ifPresent(env::setParallelism);

        Properties consumer = new Properties();
        consumer.putAll(o.kafkaProperties());
        consumer.setProperty("isolation.level", "read_committed");
        KafkaSource<Frame> source = KafkaSource.<Frame>builder()
                .setBootstrapServers(o.bootstrapServers())
                .setTopics(o.framesTopic())
                .setGroupId(o.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(
                        o.fromEarliest() ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST))
                .setDeserializer(new FrameDeserializer())
                .setProperties(consumer)
                .build();

        DataStream<Frame> frames = env.fromSource(source, WatermarkStrategy.noWatermarks(), "frames").uid(SOURCE_UID)
                .slotSharingGroup(o.inferenceSlots().ioSlotSharingGroup());
        // Every settings record from the start, whatever the frames' offsets: a camera's latest is its settings.
        Properties settingsConsumer = new Properties();
        settingsConsumer.putAll(consumer);
        settingsConsumer.setProperty("partition.discovery.interval.ms",
                Long.toString(SETTINGS_PARTITION_DISCOVERY_MILLIS));
        KafkaSource<CameraSettingsUpdate> settingsSource = KafkaSource.<CameraSettingsUpdate>builder()
                .setBootstrapServers(o.bootstrapServers())
                // A pattern, not a list: a job whose settings topic does not exist yet runs on its defaults and
                // picks the topic up once `vidprop camera set` creates it.
                .setTopicPattern(java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(o.settingsTopic())))
                .setGroupId(o.groupId() + "-settings")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new CameraSettingsDeserializer())
                .setProperties(settingsConsumer)
                .build();
        DataStream<CameraSettingsUpdate> cameraSettings = env.fromSource(settingsSource,
                        WatermarkStrategy.noWatermarks(), "camera settings")
                .uid(SETTINGS_SOURCE_UID).setParallelism(1)
                .slotSharingGroup(o.inferenceSlots().ioSlotSharingGroup());
        SingleOutputStreamOperator<ProposalRecord> proposals = proposals(splice.apply(frames), cameraSettings,
                o.proposals());
        o.inferenceSlots().slotSharingGroup().ifPresent(proposals::slotSharingGroup);

        Properties producer = new Properties();
        producer.putAll(o.kafkaProperties());
        producer.setProperty("transaction.timeout.ms",
                Long.toString(TransactionTimeout.of(o.kafkaProperties(), env.getCheckpointConfig().getCheckpointInterval())));
        exactlyOnce(proposals, new ProposalRecordSerializer(o.proposalsTopic()), "-proposals", "proposals sink",
                SINK_UID, o, producer);
        exactlyOnce(proposals.getSideOutput(ProposalOperator.DEAD_LETTERS),
                new DeadLetterSerializer(o.deadLetterTopic()), "-dead-letters", "dead-letter sink", DEAD_LETTER_UID, o,
                producer);
        exactlyOnce(proposals.getSideOutput(ProposalOperator.SETTINGS_DEAD_LETTERS),
                new SettingsDeadLetterSerializer(o.settingsDeadLetterTopic()), "-settings-dead-letters",
                "settings dead-letter sink", SETTINGS_DEAD_LETTER_UID, o, producer);
        exactlyOnce(proposals.getSideOutput(ProposalOperator.ZONE_EVENTS), new CameraEventSerializer(o.eventsTopic()),
                "-events", "events sink", EVENTS_UID, o, producer);
    }

    /**
     * Writes {@code stream} to Kafka in transactions committed at checkpoints, with transactional ids
     * {@code --transactional-id-prefix} + {@code idSuffix}, in the source and sinks' slot sharing group.
     */
    private static <T> void exactlyOnce(DataStream<T> stream, KafkaRecordSerializationSchema<T> serializer,
            String idSuffix, String name, String uid, ProposalJobOptions o, Properties producer) {
        stream.sinkTo(KafkaSink.<T>builder()
                        .setBootstrapServers(o.bootstrapServers())
                        .setRecordSerializer(serializer)
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix(o.transactionalIdPrefix() + idSuffix)
                        .setKafkaProducerConfig(producer)
                        .build())
                .name(name)
                .uid(uid)
                .slotSharingGroup(o.inferenceSlots().ioSlotSharingGroup());
    }
}
