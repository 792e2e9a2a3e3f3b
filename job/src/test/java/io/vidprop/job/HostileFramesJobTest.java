package io.vidprop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.vidprop.broker.EmbeddedKafka;
import io.vidprop.decode.DecodedFrame;
import io.vidprop.decode.FrameDecoder;
import io.vidprop.testing.HostileFrames;
import io.vidprop.kafka.DeadLetterSerializer;
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
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-frame corpus through the real job: Kafka's own broker, the Kafka source, the proposal operator and both
 * sinks on a Flink local cluster with no restarts allowed, so any task failure fails the test. What must come out is
 * the corpus's declared outcome of each record (proposals for a frame of its size, or a dead letter with its reason),
 * not what a decoder makes of it.
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

    /** A sent record and where it landed. */
    record Sent(HostileFrames.Fuzz fuzz, int partition, long offset) {
        String source(String topic) {
            return topic + "-" + partition + "@" + offset;
        }

        String frameId() {
            return fuzz.camera() + "#" + fuzz.sequence();
        }
    }

    @Test
    void everyRecordComesOutOnceAsItsDeclaredOutcomeAndTheJobNeverRestarts() throws Exception {
        String name = "fuzz";
        String topic = name + "-frames";
        kafka.createTopics(2, topic);
        kafka.createTopics(1, name + "-proposals", name + "-dead");
        List<HostileFrames.Fuzz> corpus = new HostileFrames(13L, 200_000).corpus(200, 8, "cam-a", "cam-b", "cam-c");
        List<Sent> sent = new ArrayList<>();
        Map<String, float[][]> direct = new HashMap<>();
        try (ProposalModel model = ProposalModel.load(modelDir, Device.cpu());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            // Only the good frames' reference proposals use the decoder (the pixels direct inference needs); which
            // records decode, at what size, and why the others are refused come from the corpus.
            FrameDecoder decoder = new FrameDecoder(ProposalSettings.DEFAULT_MAX_PIXELS, model.config().input.minSize,
                    model.config().input.maxSize);
            for (HostileFrames.Fuzz f : corpus) {
                RecordHeaders headers = new RecordHeaders();
                f.headers().forEach(headers::add);
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, 1_764_000_000_000L,
                        f.camera().getBytes(StandardCharsets.UTF_8), f.value(), headers);
                RecordMetadata m = producer.send(r).get();
                Sent s = new Sent(f, m.partition(), m.offset());
                sent.add(s);
                if (f.good()) {
                    // Batch size 1 in the job: direct inference on one frame has the same batch shape.
                    DecodedFrame decoded = decoder.decode(f.value());
                    Proposals p = model.propose(List.of(decoded.image())).get(0);
                    float[][] rows = new float[p.size()][];
                    for (int i = 0; i < p.size(); i++) {
                        rows[i] = new float[] {p.x1(i) * decoded.scaleX(), p.y1(i) * decoded.scaleY(),
                                p.x2(i) * decoded.scaleX(), p.y2(i) * decoded.scaleY(), p.score(i)};
                    }
                    direct.put(s.frameId(), rows);
                }
            }
        }
        int expectProposals = (int) sent.stream().filter(s -> s.fuzz().expected().decodes()).count();
        int expectDead = sent.size() - expectProposals;
        assertEquals(224, sent.size());
        assertEquals(24, direct.size());
        // The seed's corpus as declared: the 24 good frames, the 20 garbled BMPs and 7 correct raw frames decode;
        // the other 173 hostile records are dead letters.
        assertEquals(7, sent.stream().filter(s -> s.fuzz().kind().equals("raw") && s.fuzz().expected().decodes())
                .count());
        assertEquals(24 + 20 + 7, expectProposals);
        assertEquals(173, expectDead);

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
                if (s.fuzz().expected().decodes()) {
                    assertNull(byFrame.put(s.frameId(), s), "unique frame ids");
                }
            }
            Map<String, Integer> seen = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : proposals) {
                ProposalRecord p = ProposalRecord.fromJson(new String(r.value(), StandardCharsets.UTF_8));
                String id = p.cameraId + "#" + p.sequence;
                Sent s = byFrame.get(id);
                assertTrue(s != null, "a proposal record for a frame that should be a dead letter: " + id);
                assertEquals(s.fuzz().expected().width(), p.width, id);
                assertEquals(s.fuzz().expected().height(), p.height, id);
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
                assertTrue(s != null, "a dead letter for no record sent: " + source);
                HostileFrames.Outcome expected = s.fuzz().expected();
                String error = new String(r.headers().lastHeader(FrameHeaders.ERROR).value(), StandardCharsets.UTF_8);
                assertTrue(!expected.decodes() && error.contains(expected.reason()), source + " ("
                        + s.fuzz().kind() + "): expected " + expected + ", got a dead letter: " + error);
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
