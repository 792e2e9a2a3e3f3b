package io.vidprop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.vidprop.decode.DecodedFrame;
import io.vidprop.decode.FrameDecoder;
import io.vidprop.decode.PixelFormat;
import io.vidprop.broker.EmbeddedKafka;
import io.vidprop.testing.HostileFrames;
import io.vidprop.kafka.DeadLetterSerializer;
import io.vidprop.kafka.Frame;
import io.vidprop.kafka.FrameDeserializer;
import io.vidprop.kafka.FrameHeaders;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.model.ProposalModel;
import io.vidprop.operators.ProposalSettings;
import io.vidprop.rpn.Proposals;
import io.vidprop.testing.TestModels;
import io.vidprop.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzz corpus through the real job: Kafka's own broker, the Kafka source, the proposal operator and both sinks on
 * a Flink local cluster with no restarts allowed, so any task failure fails the test.
 */
class HostileFramesJobTest {
    static EmbeddedKafka kafka;
    @TempDir
    static Path tmp;
    static Path modelDir;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        modelDir = TestModels.tinyRandom(tmp.resolve("model"), "fuzz-random");
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    /** A sent record, where it landed, and what the job must make of it. */
    record Sent(HostileFrames.Fuzz fuzz, int partition, long offset, Frame frame, DecodedFrame decoded) {
        String source(String topic) {
            return topic + "-" + partition + "@" + offset;
        }
    }

    @Test
    void hostileFramesNeverRestartTheJobAndEveryRecordComesOutOnce() throws Exception {
        String name = "fuzz";
        String topic = name + "-frames";
        kafka.createTopics(2, topic);
        kafka.createTopics(1, name + "-proposals", name + "-dead");
        List<HostileFrames.Fuzz> corpus = new HostileFrames(13L, 200_000).corpus(200, 8, "cam-a", "cam-b", "cam-c");
        FrameDecoder decoder;
        List<Sent> sent = new ArrayList<>();
        Map<String, float[][]> direct = new HashMap<>();
        try (ProposalModel model = ProposalModel.load(modelDir, Device.cpu());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            decoder = new FrameDecoder(ProposalSettings.DEFAULT_MAX_PIXELS, model.config().input.minSize,
                    model.config().input.maxSize);
            for (HostileFrames.Fuzz f : corpus) {
                RecordHeaders headers = new RecordHeaders();
                f.headers().forEach(headers::add);
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, 1_764_000_000_000L,
                        f.camera().getBytes(StandardCharsets.UTF_8), f.value(), headers);
                RecordMetadata m = producer.send(r).get();
                // What the job will read, and whether it can be decoded: decided here the same way.
                Frame frame = FrameDeserializer.toFrame(new ConsumerRecord<>(topic, m.partition(), m.offset(),
                        m.timestamp(), TimestampType.CREATE_TIME, 0, 0, r.key(), r.value(), headers,
                        Optional.empty()), 0);
                DecodedFrame decoded = null;
                if (frame.problem == null) {
                    try {
                        decoded = frame.isRaw() ? decoder.decodeRaw(frame.payload, frame.width, frame.height,
                                PixelFormat.parse(frame.pixelFormat)) : decoder.decode(frame.payload);
                    } catch (IllegalArgumentException e) {
                        // a dead letter
                    }
                }
                Sent s = new Sent(f, m.partition(), m.offset(), frame, decoded);
                sent.add(s);
                if (f.good()) {
                    // Batch size 1 in the job: direct inference on one frame has the same batch shape.
                    Proposals p = model.propose(List.of(decoded.image())).get(0);
                    float[][] rows = new float[p.size()][];
                    for (int i = 0; i < p.size(); i++) {
                        rows[i] = new float[] {p.x1(i) * decoded.scaleX(), p.y1(i) * decoded.scaleY(),
                                p.x2(i) * decoded.scaleX(), p.y2(i) * decoded.scaleY(), p.score(i)};
                    }
                    direct.put(f.camera() + "#" + frame.sequence, rows);
                }
            }
        }
        int expectProposals = (int) sent.stream().filter(s -> s.decoded() != null).count();
        int expectDead = sent.size() - expectProposals;
        assertEquals(224, sent.size());
        assertEquals(24, direct.size());

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        ProposalJob.build(env, ProposalJobOptions.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .framesTopic(topic)
                .proposalsTopic(name + "-proposals")
                .deadLetterTopic(name + "-dead")
                .groupId(name)
                .transactionalIdPrefix(name)
                .parallelism(2)
                .checkpointIntervalMillis(500)
                .proposals(ProposalSettings.builder().modelPath(modelDir.toString()).batchSize(1).maxWaitMillis(20)
                        .build())
                .build(), in -> in);
        JobClient job = env.executeAsync(name);
        try {
            List<ConsumerRecord<byte[], byte[]>> proposals = TopicReader.read(kafka.bootstrapServers(),
                    name + "-proposals", expectProposals, true, Duration.ofSeconds(180));
            List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.read(kafka.bootstrapServers(), name + "-dead",
                    expectDead, true, Duration.ofSeconds(60));
            assertEquals(JobStatus.RUNNING, job.getJobStatus().get(), "no task failed (restarts are off)");

            Map<String, Sent> byFrame = new HashMap<>();
            Map<String, Sent> bySource = new HashMap<>();
            for (Sent s : sent) {
                bySource.put(s.source(topic), s);
                if (s.decoded() != null) {
                    assertNull(byFrame.put(s.fuzz().camera() + "#" + s.frame().sequence, s), "unique frame ids");
                }
            }
            Map<String, Integer> seen = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : proposals) {
                ProposalRecord p = ProposalRecord.fromJson(new String(r.value(), StandardCharsets.UTF_8));
                String id = p.cameraId + "#" + p.sequence;
                Sent s = byFrame.get(id);
                assertTrue(s != null, "a proposal record for a frame that should not decode: " + id);
                assertEquals(s.decoded().originalWidth(), p.width, id);
                assertEquals(0, p.duplicatesDroppedBefore, id);
                seen.merge(s.source(topic), 1, Integer::sum);
                if (s.fuzz().good()) {
                    ProposalJobTest.assertSameProposals(id, direct.get(id), p.proposals);
                }
            }
            for (ConsumerRecord<byte[], byte[]> r : dead) {
                String source = new String(r.headers().lastHeader(DeadLetterSerializer.SOURCE_HEADER).value(),
                        StandardCharsets.UTF_8);
                Sent s = bySource.get(source);
                assertTrue(s != null && s.decoded() == null, "an unexpected dead letter: " + source);
                String error = new String(r.headers().lastHeader(FrameHeaders.ERROR).value(), StandardCharsets.UTF_8);
                assertTrue(!error.isBlank(), source);
                seen.merge(source, 1, Integer::sum);
            }
            assertEquals(expectProposals, proposals.size());
            assertEquals(expectDead, dead.size());
            assertEquals(sent.size(), seen.size(), "every record came out");
            assertTrue(seen.values().stream().allMatch(n -> n == 1), "every record came out once: " + seen);
            System.out.println("fuzz end to end: " + sent.size() + " records, " + proposals.size() + " proposal records ("
                    + direct.size() + " good frames equal to direct inference), " + dead.size() + " dead letters");
        } finally {
            job.cancel().get();
        }
    }
}
