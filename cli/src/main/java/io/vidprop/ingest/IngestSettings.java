package io.vidprop.ingest;

import io.vidprop.decode.JpegEncoder;
import io.vidprop.job.KafkaConnectionOptions;
import io.vidprop.job.ProposalJobOptions;
import java.util.Properties;

/**
 * What {@code vidprop ingest} reads, how it thins and encodes frames, and where it publishes them: an immutable value
 * built and validated by {@link Builder#build()}, whose setters describe each setting.
 */
public record IngestSettings(LiveSource source, String cameraId, String bootstrapServers, String topic,
        Properties kafkaProperties, double fps, int width, int quality, int queueCapacity, long maxFrames,
        long durationMillis, long timeoutMillis, long reconnectInitialMillis, long reconnectMaxMillis,
        long statusIntervalMillis, long drainTimeoutMillis, String format, String rtspTransport, Long firstSequence) {
    public static final int DEFAULT_QUEUE_CAPACITY = 32;
    public static final long DEFAULT_TIMEOUT_MILLIS = 5000;
    public static final long DEFAULT_RECONNECT_INITIAL_MILLIS = 500;
    public static final long DEFAULT_RECONNECT_MAX_MILLIS = 30_000;
    public static final long DEFAULT_STATUS_INTERVAL_MILLIS = 10_000;
    public static final long DEFAULT_DRAIN_TIMEOUT_MILLIS = 30_000;
    public static final String DEFAULT_RTSP_TRANSPORT = "tcp";

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder; the defaults are those of {@code vidprop ingest}. */
    public static final class Builder {
        private String source;
        private String cameraId;
        private String bootstrapServers = KafkaConnectionOptions.DEFAULT_BOOTSTRAP_SERVERS;
        private String topic = ProposalJobOptions.DEFAULT_FRAMES_TOPIC;
        private Properties kafkaProperties = new Properties();
        private double fps;
        private int width;
        private int quality = JpegEncoder.DEFAULT_QUALITY;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private long maxFrames;
        private long durationMillis;
        private long timeoutMillis = DEFAULT_TIMEOUT_MILLIS;
        private long reconnectInitialMillis = DEFAULT_RECONNECT_INITIAL_MILLIS;
        private long reconnectMaxMillis = DEFAULT_RECONNECT_MAX_MILLIS;
        private long statusIntervalMillis = DEFAULT_STATUS_INTERVAL_MILLIS;
        private long drainTimeoutMillis = DEFAULT_DRAIN_TIMEOUT_MILLIS;
        private String format;
        private String rtspTransport = DEFAULT_RTSP_TRANSPORT;
        private Long firstSequence;

        /** A URL (rtsp://, http://, tcp://, udp://, ...), a V4L2 device (/dev/videoN) or a video file. */
        public Builder source(String s) {
            this.source = s;
            return this;
        }

        /** The Kafka key of every frame. */
        public Builder cameraId(String id) {
            this.cameraId = id;
            return this;
        }

        public Builder bootstrapServers(String s) {
            this.bootstrapServers = s;
            return this;
        }

        public Builder topic(String t) {
            this.topic = t;
            return this;
        }

        /** Extra producer settings (TLS, SASL, interceptors, ...); they override the defaults. */
        public Builder kafkaProperties(Properties p) {
            this.kafkaProperties = p;
            return this;
        }

        /** Publish at most this many frames a second, skipping the rest (default 0: every frame). */
        public Builder fps(double f) {
            this.fps = f;
            return this;
        }

        /** Scale frames to this width, keeping the aspect ratio, before encoding (default 0: as grabbed). */
        public Builder width(int w) {
            this.width = w;
            return this;
        }

        /** JPEG quality 1..100 (default 90). */
        public Builder quality(int q) {
            this.quality = q;
            return this;
        }

        /** Frames waiting for the producer at most; when full, the oldest is dropped (default 32). */
        public Builder queueCapacity(int n) {
            this.queueCapacity = n;
            return this;
        }

        /** Stop after this many frames were queued for publishing (default 0: no limit). */
        public Builder maxFrames(long n) {
            this.maxFrames = n;
            return this;
        }

        /** Stop after this long (default 0: no limit). */
        public Builder durationMillis(long ms) {
            this.durationMillis = ms;
            return this;
        }

        /** A source silent this long counts as dropped (default 5000 ms). */
        public Builder timeoutMillis(long ms) {
            this.timeoutMillis = ms;
            return this;
        }

        /** Reconnect delays: the first, doubling up to the maximum (default 500 ms to 30 s). */
        public Builder reconnectDelays(long initialMillis, long maxMillis) {
            this.reconnectInitialMillis = initialMillis;
            this.reconnectMaxMillis = maxMillis;
            return this;
        }

        /** How often a one-line status is logged (default 10 s; 0: only at the end). */
        public Builder statusIntervalMillis(long ms) {
            this.statusIntervalMillis = ms;
            return this;
        }

        /**
         * After grabbing ends, how long queued and in-flight frames may take to reach Kafka; the rest are counted as
         * dropped or failed (default 30 s).
         */
        public Builder drainTimeoutMillis(long ms) {
            this.drainTimeoutMillis = ms;
            return this;
        }

        /** FFmpeg input format (mjpeg, mpjpeg, mpegts, v4l2, ...); default: recognised from the source. */
        public Builder format(String f) {
            this.format = f;
            return this;
        }

        /** RTSP sources only: tcp (default) or udp. */
        public Builder rtspTransport(String t) {
            this.rtspTransport = t;
            return this;
        }

        /** The first frame's sequence number; default: the start time in microseconds since the epoch. */
        public Builder firstSequence(Long n) {
            this.firstSequence = n;
            return this;
        }

        public IngestSettings build() {
            if (source == null || source.isBlank()) {
                throw new IllegalArgumentException("a source is required (URL, /dev/videoN or a video file)");
            }
            if (cameraId == null || cameraId.isBlank()) {
                throw new IllegalArgumentException("a camera id is required");
            }
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrap servers are required");
            }
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("a topic is required");
            }
            if (fps < 0 || Double.isNaN(fps)) {
                throw new IllegalArgumentException("fps must not be negative (0: every frame), got " + fps);
            }
            if (width < 0) {
                throw new IllegalArgumentException("width must not be negative (0: as grabbed), got " + width);
            }
            if (quality < 1 || quality > 100) {
                throw new IllegalArgumentException("JPEG quality must be 1..100, got " + quality);
            }
            if (queueCapacity <= 0) {
                throw new IllegalArgumentException("queue capacity must be positive, got " + queueCapacity);
            }
            if (maxFrames < 0 || durationMillis < 0 || statusIntervalMillis < 0 || drainTimeoutMillis < 0) {
                throw new IllegalArgumentException(
                        "max frames, duration, status interval and drain timeout must not be negative");
            }
            if (timeoutMillis <= 0) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeoutMillis + " ms");
            }
            if (reconnectInitialMillis <= 0 || reconnectMaxMillis < reconnectInitialMillis) {
                throw new IllegalArgumentException("reconnect delays must be positive and the maximum at least the "
                        + "first, got " + reconnectInitialMillis + " and " + reconnectMaxMillis + " ms");
            }
            if (!"tcp".equals(rtspTransport) && !"udp".equals(rtspTransport)) {
                throw new IllegalArgumentException("RTSP transport must be tcp or udp, got " + rtspTransport);
            }
            return new IngestSettings(LiveSource.parse(source), cameraId, bootstrapServers, topic, kafkaProperties, fps,
                    width, quality, queueCapacity, maxFrames, durationMillis, timeoutMillis, reconnectInitialMillis,
                    reconnectMaxMillis, statusIntervalMillis, drainTimeoutMillis, format, rtspTransport, firstSequence);
        }
    }
}
