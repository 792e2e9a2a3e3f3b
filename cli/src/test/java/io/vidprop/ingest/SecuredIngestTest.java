package io.vidprop.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.broker.EmbeddedKafka;
import io.vidprop.testing.TopicReader;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Live ingest through Kafka's SASL/SCRAM listener: published with the right credentials, counted as failed without. */
class SecuredIngestTest {
    static final int FRAMES = 10;

    @Test
    void ingestPublishesOverSaslScramAndCountsEveryFrameAsFailedWithWrongCredentials() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startWithScramUser("camera", "camera-password");
                MjpegServer camera = MjpegServer.start(0, CameraIngestTest.jpegs(160, 96, 3), 25)) {
            kafka.createTopics(1, "frames");
            IngestCounters ok;
            try (CameraIngest ingest = new CameraIngest(IngestSettings.builder().source(camera.url())
                    .cameraId("cam-sasl").bootstrapServers(kafka.saslBootstrapServers()).topic("frames")
                    .kafkaProperties(EmbeddedKafka.scramClientProperties("camera", "camera-password"))
                    .maxFrames(FRAMES).firstSequence(1L).statusIntervalMillis(0).build()).start()) {
                ok = ingest.awaitTermination();
            }
            assertEquals(FRAMES, ok.published(), ok.line());
            assertEquals(FRAMES, TopicReader.read(kafka.bootstrapServers(), "frames", FRAMES, false,
                    Duration.ofSeconds(30)).size());

            Properties wrong = EmbeddedKafka.scramClientProperties("camera", "not-the-password");
            wrong.put("max.block.ms", "2000");
            IngestCounters refused;
            try (CameraIngest ingest = new CameraIngest(IngestSettings.builder().source(camera.url())
                    .cameraId("cam-wrong").bootstrapServers(kafka.saslBootstrapServers()).topic("frames")
                    .kafkaProperties(wrong).maxFrames(5).firstSequence(1L).drainTimeoutMillis(2000)
                    .statusIntervalMillis(0).build()).start()) {
                refused = ingest.awaitTermination();
            }
            assertEquals(0, refused.published(), refused.line());
            assertTrue(refused.failed() > 0, refused.line());
            assertEquals(refused.grabbed(), refused.skipped() + refused.dropped() + refused.failed(), refused.line());
        }
    }
}
