package io.vidprop.batch;

import io.vidprop.kafka.DeadLetterSerializer;
import io.vidprop.kafka.Frame;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.kafka.ProposalRecordSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.DefaultRollingPolicy;

/**
 * Where the batch job writes, from the cluster: JSON-lines part files ({@code DIR/proposals/CAMERA/part-*.jsonl},
 * {@code DIR/dead-letters/CAMERA/part-*.jsonl}, one record a line, finished at the part size and committed when their
 * subtask's input is done; files in progress are hidden, named with a leading dot), or Kafka topics in transactions
 * committed when the job finishes. Either way a failover rewrites only what was lost, and every record is written
 * exactly once.
 */
final class BatchSinks {
    static final String PROPOSALS_DIR = "proposals";
    static final String DEAD_LETTERS_DIR = "dead-letters";
    static final String PART_PREFIX = "part";
    static final String PART_SUFFIX = ".jsonl";
    /** A transaction spans the run: the broker's default transaction.max.timeout.ms, unless the client settings say. */
    static final long DEFAULT_TRANSACTION_TIMEOUT_MILLIS = Duration.ofMinutes(15).toMillis();

    private BatchSinks() {}

    static void files(DataStream<ProposalRecord> proposals, DataStream<Frame> deadLetters, String outDir,
            long partBytes) {
        proposals.sinkTo(fileSink(new Path(outDir, PROPOSALS_DIR), partBytes,
                        (ProposalRecord r) -> r.cameraId, (Encoder<ProposalRecord>) (r, out) -> {
                            out.write(r.toJson().getBytes(StandardCharsets.UTF_8));
                            out.write('\n');
                        }))
                .name("proposal files").uid("proposal-files-sink");
        deadLetters.sinkTo(fileSink(new Path(outDir, DEAD_LETTERS_DIR), partBytes, (Frame f) -> f.cameraId,
                        (Encoder<Frame>) (f, out) -> {
                            out.write(BatchOutput.deadLetter(f).toJson().getBytes(StandardCharsets.UTF_8));
                            out.write('\n');
                        }))
                .name("dead-letter files").uid("dead-letter-files-sink");
    }

    static void kafka(DataStream<ProposalRecord> proposals, DataStream<Frame> deadLetters,
            BatchOptions.KafkaOutput k) {
        Properties producer = new Properties();
        producer.putAll(k.properties());
        producer.putIfAbsent("transaction.timeout.ms", Long.toString(DEFAULT_TRANSACTION_TIMEOUT_MILLIS));
        proposals.sinkTo(KafkaSink.<ProposalRecord>builder()
                        .setBootstrapServers(k.bootstrapServers())
                        .setRecordSerializer(new ProposalRecordSerializer(k.proposalsTopic()))
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix(k.transactionalIdPrefix() + "-batch-proposals")
                        .setKafkaProducerConfig(producer)
                        .build())
                .name("proposals sink").uid("proposals-topic-sink");
        deadLetters.sinkTo(KafkaSink.<Frame>builder()
                        .setBootstrapServers(k.bootstrapServers())
                        .setRecordSerializer(new DeadLetterSerializer(k.deadLetterTopic()))
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix(k.transactionalIdPrefix() + "-batch-dead-letters")
                        .setKafkaProducerConfig(producer)
                        .build())
                .name("dead-letter sink").uid("dead-letter-topic-sink");
    }

    /** The camera a record belongs to, as its bucket (sub-directory). */
    @FunctionalInterface
    interface CameraOf<T> extends java.io.Serializable {
        String camera(T element);
    }

    private static <T> FileSink<T> fileSink(Path dir, long partBytes, CameraOf<T> cameraOf, Encoder<T> encoder) {
        return FileSink.forRowFormat(dir, encoder)
                .withBucketAssigner(new CameraBuckets<>(cameraOf))
                .withRollingPolicy(DefaultRollingPolicy.builder()
                        .withMaxPartSize(new MemorySize(partBytes))
                        .withRolloverInterval(Duration.ofDays(3650))
                        .withInactivityInterval(Duration.ofDays(3650))
                        .build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(PART_PREFIX)
                        .withPartSuffix(PART_SUFFIX).build())
                .build();
    }

    /** One bucket (directory) per camera; a camera id's characters outside {@code [A-Za-z0-9._/-]} become {@code _}. */
    static final class CameraBuckets<T> implements BucketAssigner<T, String> {
        private static final long serialVersionUID = 1L;
        private final CameraOf<T> cameraOf;

        CameraBuckets(CameraOf<T> cameraOf) {
            this.cameraOf = cameraOf;
        }

        @Override
        public String getBucketId(T element, Context context) {
            return bucket(cameraOf.camera(element));
        }

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }

    static String bucket(String cameraId) {
        StringBuilder b = new StringBuilder();
        for (String segment : cameraId.split("/", -1)) {
            String s = segment.replaceAll("[^A-Za-z0-9._-]", "_");
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.startsWith(".")) {
                s = "_" + s;
            }
            b.append(b.length() == 0 ? "" : "/").append(s);
        }
        return b.toString();
    }
}
