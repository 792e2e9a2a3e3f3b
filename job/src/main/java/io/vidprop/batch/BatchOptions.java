package io.vidprop.batch;

import io.vidprop.decode.JpegEncoder;
import io.vidprop.operators.ProposalSettings;
import io.vidprop.video.VideoRange;
import java.util.List;
import java.util.Map;

/**
 * What the batch job reads, where its output goes and how it runs, an immutable value built and validated by
 * {@link Builder#build()}.
 *
 * @param source the archive and how it is read
 * @param parallelism the job's parallelism
 * @param proposals the proposal operator's settings
 * @param outDir the directory or URI the cluster writes {@code proposals/} and {@code dead-letters/} into; null when
 *     the output goes to Kafka
 * @param kafka the topics the output goes to instead; null when it goes to files
 * @param partBytes the size at which a part file is finished and the next begun
 */
public record BatchOptions(VideoFileSource.Settings source, int parallelism, ProposalSettings proposals, String outDir,
        KafkaOutput kafka, long partBytes) implements java.io.Serializable {
    public static final int DEFAULT_PARALLELISM = 1;
    public static final double DEFAULT_SPLIT_SECONDS = 300;
    public static final int DEFAULT_PART_MEGABYTES = 128;

    /**
     * Proposal records and dead letters to Kafka, in transactions committed when the job finishes.
     *
     * @param properties Kafka client settings (TLS, SASL...)
     */
    public record KafkaOutput(String bootstrapServers, Map<String, String> properties, String proposalsTopic,
            String deadLetterTopic, String transactionalIdPrefix) implements java.io.Serializable {
        public KafkaOutput {
            properties = Map.copyOf(properties);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder. */
    public static final class Builder {
        private List<String> videos = List.of();
        private List<String> cameras = List.of();
        private VideoRange range = VideoRange.ALL;
        private Long epochMillis;
        private double splitSeconds = DEFAULT_SPLIT_SECONDS;
        private int every = 1;
        private boolean failOnDamaged;
        private int jpegQuality = JpegEncoder.DEFAULT_QUALITY;
        private int parallelism = DEFAULT_PARALLELISM;
        private ProposalSettings proposals = ProposalSettings.DEFAULTS;
        private String outDir;
        private KafkaOutput kafka;
        private long partBytes = DEFAULT_PART_MEGABYTES * 1024L * 1024L;

        /** Files, directories (read recursively) and glob patterns, as local paths or URIs of Flink file systems. */
        public Builder videos(List<String> v) {
            this.videos = v;
            return this;
        }

        /** One camera id per video, each then a single file; empty: cameras named after the files. */
        public Builder cameras(List<String> c) {
            this.cameras = c == null ? List.of() : c;
            return this;
        }

        public Builder range(VideoRange r) {
            this.range = r;
            return this;
        }

        /** Capture time of presentation time zero; null: each file's own (as {@code replay} does). */
        public Builder epochMillis(Long ms) {
            this.epochMillis = ms;
            return this;
        }

        /** Long files are cut into time ranges of this length, read in parallel; 0: one split per file. */
        public Builder splitSeconds(double s) {
            this.splitSeconds = s;
            return this;
        }

        /** Process one frame in N (by frame number); the others are not records. */
        public Builder every(int n) {
            this.every = n;
            return this;
        }

        /** Stop the job at the first damaged file instead of reporting it as a dead letter and going on. */
        public Builder failOnDamaged(boolean f) {
            this.failOnDamaged = f;
            return this;
        }

        /** The JPEG quality frames are encoded with; the same as replay's gives the same proposals. */
        public Builder jpegQuality(int q) {
            this.jpegQuality = q;
            return this;
        }

        public Builder parallelism(int p) {
            this.parallelism = p;
            return this;
        }

        public Builder proposals(ProposalSettings s) {
            this.proposals = s;
            return this;
        }

        /** Output to JSON-lines files under this directory or URI. */
        public Builder outDir(String dir) {
            this.outDir = dir;
            return this;
        }

        /** Output to Kafka topics instead. */
        public Builder kafka(KafkaOutput k) {
            this.kafka = k;
            return this;
        }

        public Builder partBytes(long bytes) {
            this.partBytes = bytes;
            return this;
        }

        public BatchOptions build() {
            if (videos == null || videos.isEmpty()) {
                throw new IllegalArgumentException("at least one --video (file, directory or pattern) is required");
            }
            if (range == null || proposals == null) {
                throw new IllegalArgumentException("range and proposal settings must not be null");
            }
            if (jpegQuality < 1 || jpegQuality > 100) {
                throw new IllegalArgumentException("--jpeg-quality must be 1..100, got " + jpegQuality);
            }
            if (parallelism <= 0) {
                throw new IllegalArgumentException("--parallelism must be positive, got " + parallelism);
            }
            if (!(splitSeconds >= 0) || Double.isInfinite(splitSeconds)) {
                throw new IllegalArgumentException("--split-seconds must be 0 (never cut) or positive, got "
                        + splitSeconds);
            }
            if (splitSeconds > 0 && splitSeconds < 1) {
                throw new IllegalArgumentException("--split-seconds below 1 s would mostly seek; got " + splitSeconds);
            }
            if (every < 1) {
                throw new IllegalArgumentException("--every must be 1 or more, got " + every);
            }
            if ((outDir == null) == (kafka == null)) {
                throw new IllegalArgumentException("give the output: --out-dir DIR or --proposals-topic TOPIC");
            }
            if (partBytes < 1024 * 1024) {
                throw new IllegalArgumentException("part files must be at least 1 MB, got " + partBytes + " bytes");
            }
            return new BatchOptions(new VideoFileSource.Settings(videos, cameras, range, epochMillis, splitSeconds,
                    every, failOnDamaged, jpegQuality), parallelism, proposals, outDir, kafka, partBytes);
        }
    }
}
