package io.vidprop.motion;

/**
 * How moving objects are found: OpenCV's MOG2 background model (shadows detected and dropped), morphological
 * opening and closing, size limits as fractions of the frame, and tracking (a box must persist, matched by IoU from
 * frame to frame, and travel, so that flicker and swaying leaves do not count). Validated at {@link Builder#build()}.
 */
public record MotionSettings(int history, double varThreshold, int warmupFrames, double minAreaFraction,
        double maxAreaFraction, int minHeightPixels, double maxForegroundFraction, double matchIou, int maxGapFrames,
        int minTrackFrames, double minTravel) {

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults for a fixed camera at 5 to 30 frames/s. */
    public static final class Builder {
        private int history = 300;
        private double varThreshold = 25;
        private int warmupFrames = 30;
        private double minAreaFraction = 0.0004;
        private double maxAreaFraction = 0.25;
        private int minHeightPixels = 12;
        private double maxForegroundFraction = 0.35;
        private double matchIou = 0.3;
        private int maxGapFrames = 2;
        private int minTrackFrames = 5;
        private double minTravel = 0.3;

        private Builder() {}

        /** Frames the background model remembers (MOG2's history). */
        public Builder history(int frames) {
            this.history = frames;
            return this;
        }

        /** MOG2's threshold on the squared Mahalanobis distance; higher ignores more camera noise. */
        public Builder varThreshold(double t) {
            this.varThreshold = t;
            return this;
        }

        /** The first frames only teach the background model and get no labels. */
        public Builder warmupFrames(int frames) {
            this.warmupFrames = frames;
            return this;
        }

        /** Boxes smaller than this fraction of the frame's area are noise. */
        public Builder minAreaFraction(double f) {
            this.minAreaFraction = f;
            return this;
        }

        /** Boxes larger than this fraction of the frame's area are lighting changes, not objects. */
        public Builder maxAreaFraction(double f) {
            this.maxAreaFraction = f;
            return this;
        }

        public Builder minHeightPixels(int px) {
            this.minHeightPixels = px;
            return this;
        }

        /** A frame with more foreground than this (camera shake, lights switched) gets no labels. */
        public Builder maxForegroundFraction(double f) {
            this.maxForegroundFraction = f;
            return this;
        }

        /** IoU at which a box continues a track from an earlier frame. */
        public Builder matchIou(double iou) {
            this.matchIou = iou;
            return this;
        }

        /** Frames a track may miss and still be continued. */
        public Builder maxGapFrames(int frames) {
            this.maxGapFrames = frames;
            return this;
        }

        /** Tracks seen in fewer frames are flicker. */
        public Builder minTrackFrames(int frames) {
            this.minTrackFrames = frames;
            return this;
        }

        /** A track's centre must move at least this many of its box's mean heights (swaying leaves do not). */
        public Builder minTravel(double heights) {
            this.minTravel = heights;
            return this;
        }

        public MotionSettings build() {
            if (history < 2 || varThreshold <= 0 || warmupFrames < 0) {
                throw new IllegalArgumentException("history must be at least 2 frames, varThreshold positive and "
                        + "warm-up not negative");
            }
            if (!(minAreaFraction >= 0 && minAreaFraction < maxAreaFraction && maxAreaFraction <= 1)) {
                throw new IllegalArgumentException("need 0 <= min area fraction < max area fraction <= 1, got "
                        + minAreaFraction + " and " + maxAreaFraction);
            }
            if (minHeightPixels < 1 || !(maxForegroundFraction > 0 && maxForegroundFraction <= 1)) {
                throw new IllegalArgumentException("min height must be positive and max foreground fraction in (0, 1]");
            }
            if (!(matchIou > 0 && matchIou < 1) || maxGapFrames < 0 || minTrackFrames < 1 || minTravel < 0) {
                throw new IllegalArgumentException("need 0 < match IoU < 1, gap >= 0, min track frames >= 1, "
                        + "travel >= 0");
            }
            return new MotionSettings(history, varThreshold, warmupFrames, minAreaFraction, maxAreaFraction,
                    minHeightPixels, maxForegroundFraction, matchIou, maxGapFrames, minTrackFrames, minTravel);
        }
    }
}
