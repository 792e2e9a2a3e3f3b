package io.vidprop.replay;

import io.vidprop.decode.JpegEncoder;
import io.vidprop.job.KafkaConnectionOptions;
import io.vidprop.job.ProposalJobOptions;
import io.vidprop.video.VideoRange;
import io.vidprop.video.VideoSource;
import java.util.List;
import java.util.Properties;

/**
 * What {@link VideoReplayer} publishes where, and how fast: an immutable value built and validated by
 * {@link Builder#build()}.
 *
 * @param every publish the frames whose number is a multiple of this
 * @param epochMillis capture time of presentation time zero for every file, or null for each file's own (see
 *     VideoFileReader)
 */
public record ReplayOptions(String bootstrapServers, String framesTopic, List<VideoSource> videos, ReplayRate rate,
        boolean loop, VideoRange range, int every, int jpegQuality, Long epochMillis, Properties kafkaProperties) {

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder. */
    public static final class Builder {
        private String bootstrapServers = KafkaConnectionOptions.DEFAULT_BOOTSTRAP_SERVERS;
        private String framesTopic = ProposalJobOptions.DEFAULT_FRAMES_TOPIC;
        private List<VideoSource> videos = List.of();
        private ReplayRate rate = new ReplayRate(1);
        private boolean loop;
        private VideoRange range = VideoRange.ALL;
        private int every = 1;
        private int jpegQuality = JpegEncoder.DEFAULT_QUALITY;
        private Long epochMillis;
        private Properties kafkaProperties = new Properties();

        public Builder bootstrapServers(String s) {
            this.bootstrapServers = s;
            return this;
        }

        public Builder framesTopic(String t) {
            this.framesTopic = t;
            return this;
        }

        public Builder videos(List<VideoSource> v) {
            this.videos = v;
            return this;
        }

        public Builder rate(ReplayRate r) {
            this.rate = r;
            return this;
        }

        /** Replay the range again and again (with ever-increasing sequence numbers and capture times) until stopped. */
        public Builder loop(boolean l) {
            this.loop = l;
            return this;
        }

        public Builder range(VideoRange r) {
            this.range = r;
            return this;
        }

        /** Publish one frame in N: those whose number in the file is a multiple of N. */
        public Builder every(int n) {
            this.every = n;
            return this;
        }

        public Builder jpegQuality(int q) {
            this.jpegQuality = q;
            return this;
        }

        public Builder epochMillis(Long ms) {
            this.epochMillis = ms;
            return this;
        }

        /** Extra Kafka producer settings (TLS, SASL, max.request.size, ...). */
        public Builder kafkaProperties(Properties p) {
            this.kafkaProperties = p;
            return this;
        }

        public ReplayOptions build() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("Kafka bootstrap servers are required");
            }
            if (framesTopic == null || framesTopic.isBlank()) {
                throw new IllegalArgumentException("a frames topic is required");
            }
            if (videos == null || videos.isEmpty()) {
                throw new IllegalArgumentException("at least one video file is required");
            }
            if (jpegQuality < 1 || jpegQuality > 100) {
                throw new IllegalArgumentException("JPEG quality must be 1..100, got " + jpegQuality);
            }
            if (every < 1) {
                throw new IllegalArgumentException("--every must be 1 or more, got " + every);
            }
            if (rate == null || range == null || kafkaProperties == null) {
                throw new IllegalArgumentException("rate, range and Kafka properties must not be null");
            }
            return new ReplayOptions(bootstrapServers, framesTopic, List.copyOf(videos), rate, loop, range, every, jpegQuality,
                    epochMillis, kafkaProperties);
        }
    }
}
