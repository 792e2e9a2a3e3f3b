package io.vidprop.batch;

import io.vidprop.decode.JpegEncoder;
import io.vidprop.operators.ProposalSettings;
import io.vidprop.video.VideoRange;
import io.vidprop.video.VideoSource;
import java.util.List;

/**
 * What the batch job reads and how it runs, an immutable value built and validated by {@link Builder#build()}.
 *
 * @param videos the video files, one camera each
 * @param range the part of each file that is read
 * @param epochMillis capture time of presentation time zero; null: each file's own (as {@code replay} does)
 * @param jpegQuality the JPEG quality frames are encoded with; the same as replay's gives the same proposals
 * @param parallelism the job's parallelism
 * @param proposals the proposal operator's settings
 */
public record BatchOptions(List<VideoSource> videos, VideoRange range, Long epochMillis, int jpegQuality,
        int parallelism, ProposalSettings proposals) {
    public static final int DEFAULT_PARALLELISM = 1;

    public BatchOptions {
        videos = List.copyOf(videos);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The source's splits: one per file. */
    List<VideoFileSplit> splits() {
        return videos.stream().map(v -> new VideoFileSplit(v.file().toString(), v.cameraId(), range.startMicros(),
                range.endMicros(), epochMillis, 0)).toList();
    }

    /** Fluent builder. */
    public static final class Builder {
        private List<VideoSource> videos = List.of();
        private VideoRange range = VideoRange.ALL;
        private Long epochMillis;
        private int jpegQuality = JpegEncoder.DEFAULT_QUALITY;
        private int parallelism = DEFAULT_PARALLELISM;
        private ProposalSettings proposals = ProposalSettings.DEFAULTS;

        public Builder videos(List<VideoSource> v) {
            this.videos = v;
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

        public BatchOptions build() {
            if (videos == null || videos.isEmpty()) {
                throw new IllegalArgumentException("at least one video file is required");
            }
            if (range == null || proposals == null) {
                throw new IllegalArgumentException("range and proposal settings must not be null");
            }
            if (jpegQuality < 1 || jpegQuality > 100) {
                throw new IllegalArgumentException("JPEG quality must be 1..100, got " + jpegQuality);
            }
            if (parallelism <= 0) {
                throw new IllegalArgumentException("parallelism must be positive, got " + parallelism);
            }
            return new BatchOptions(videos, range, epochMillis, jpegQuality, parallelism, proposals);
        }
    }
}
