package io.vidprop.cli;

import io.vidprop.decode.JpegEncoder;
import io.vidprop.job.KafkaConnectionOptions;
import io.vidprop.job.ProposalJobOptions;
import io.vidprop.ingest.CameraIngest;
import io.vidprop.ingest.IngestCounters;
import io.vidprop.ingest.IngestSettings;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vidprop ingest}: one live camera (or a file played in real time) into the frames topic. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Publishes a live video source to Kafka as JPEG frames with sequence numbers and capture times: "
                + "RTSP, HTTP/MJPEG, MPEG-TS over TCP/UDP (any URL FFmpeg opens), a V4L2 device, or a file played in "
                + "real time. Reconnects with exponential backoff when the source drops; when Kafka cannot keep up, "
                + "drops the oldest unsent frames (counted). Logs a status line periodically and the totals at the "
                + "end; exits 1 if Kafka refused any frame.")
final class IngestCommand implements Callable<Integer> {
    @Option(names = "--source", required = true,
            description = "URL (rtsp://, http://, tcp://, udp://, ...), device (/dev/video0) or video file.")
    String source;

    @Option(names = "--camera", required = true, description = "Camera id: the Kafka key of every frame.")
    String camera;

    @Mixin
    KafkaConnectionOptions kafka;

    @Option(names = "--frames-topic", defaultValue = ProposalJobOptions.DEFAULT_FRAMES_TOPIC, description = "Topic to publish to (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--fps", defaultValue = "0",
            description = "Publish at most N frames a second, skipping the rest (default: ${DEFAULT-VALUE}, every frame).")
    double fps;

    @Option(names = "--width", defaultValue = "0",
            description = "Scale frames to this width, keeping the aspect ratio (default: ${DEFAULT-VALUE}, as grabbed).")
    int width;

    @Option(names = "--quality", defaultValue = "" + JpegEncoder.DEFAULT_QUALITY, description = "JPEG quality, 1-100 (default: ${DEFAULT-VALUE}).")
    int quality;

    @Option(names = "--queue", defaultValue = "" + IngestSettings.DEFAULT_QUEUE_CAPACITY,
            description = "Frames that may wait for Kafka; beyond it the oldest are dropped (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--format",
            description = "FFmpeg input format, when it cannot be recognised (mjpeg, mpjpeg, mpegts, v4l2, ...).")
    String format;

    @Option(names = "--rtsp-transport", defaultValue = IngestSettings.DEFAULT_RTSP_TRANSPORT, description = "tcp or udp (default: ${DEFAULT-VALUE}).")
    String rtspTransport;

    @Option(names = "--timeout-ms", defaultValue = "" + IngestSettings.DEFAULT_TIMEOUT_MILLIS,
            description = "A source silent this long has dropped (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Option(names = "--max-reconnect-delay-ms", defaultValue = "" + IngestSettings.DEFAULT_RECONNECT_MAX_MILLIS,
            description = "Reconnect delays start at " + IngestSettings.DEFAULT_RECONNECT_INITIAL_MILLIS
                    + " ms and double up to this (default: ${DEFAULT-VALUE}).")
    long maxReconnectDelayMs;

    @Option(names = "--first-sequence",
            description = "Sequence number of the first frame (default: the start time in microseconds since the epoch, "
                    + "so numbers keep increasing when ingest is restarted).")
    Long firstSequence;

    @Option(names = "--max-frames", defaultValue = "0",
            description = "Stop after N frames (default: ${DEFAULT-VALUE}, no limit).")
    long maxFrames;

    @Option(names = "--duration-s", defaultValue = "0",
            description = "Stop after this many seconds (default: ${DEFAULT-VALUE}, no limit).")
    long durationSeconds;

    @Option(names = "--status-interval-s", defaultValue = "" + IngestSettings.DEFAULT_STATUS_INTERVAL_MILLIS / 1000,
            description = "Seconds between status lines (default: ${DEFAULT-VALUE}; 0: only at the end).")
    long statusIntervalSeconds;

    @Option(names = "--drain-timeout-ms", defaultValue = "" + IngestSettings.DEFAULT_DRAIN_TIMEOUT_MILLIS,
            description = "When stopping, how long queued frames may take to reach Kafka before they count as dropped "
                    + "(default: ${DEFAULT-VALUE}).")
    long drainTimeoutMs;


    @Override
    public Integer call() throws Exception {
        IngestSettings settings = settings();
        CountDownLatch reported = new CountDownLatch(1);
        try (CameraIngest ingest = new CameraIngest(settings)) {
            // Ctrl-C: stop grabbing, and keep the JVM up until the queue is published and the totals are out.
            Thread hook = new Thread(() -> {
                ingest.stop();
                try {
                    reported.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "ingest-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                IngestCounters c = ingest.start().awaitTermination();
                System.out.println(camera + ": " + ingest.status());
                return c.failed() == 0 ? 0 : 1;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // Already shutting down: the hook waits for the latch below.
                }
            }
        } finally {
            reported.countDown();
        }
    }

    IngestSettings settings() throws java.io.IOException {
        Properties props = kafka.properties();
        return IngestSettings.builder()
                .source(source)
                .cameraId(camera)
                .bootstrapServers(kafka.bootstrapServers())
                .topic(topic)
                .kafkaProperties(props)
                .fps(fps)
                .width(width)
                .quality(quality)
                .queueCapacity(queue)
                .format(format)
                .rtspTransport(rtspTransport)
                .timeoutMillis(timeoutMs)
                .reconnectDelays(500, maxReconnectDelayMs)
                .firstSequence(firstSequence)
                .maxFrames(maxFrames)
                .durationMillis(durationSeconds * 1000)
                .statusIntervalMillis(statusIntervalSeconds * 1000)
                .drainTimeoutMillis(drainTimeoutMs)
                .build();
    }
}
