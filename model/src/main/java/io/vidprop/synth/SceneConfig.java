package io.vidprop.synth;

/**
 * What synthetic scenes look like: frame size, how many objects and how large, and how strong the nuisances are
 * (sensor noise, blur, lighting drift, JPEG artefacts), and the scene style: {@link SceneStyle#CLASSIC} scenes
 * ({@link SyntheticVideo}, the settings above), {@link SceneStyle#CAMERA} scenes ({@link CameraScene}: photographs
 * and ground planes in perspective with people-like and vehicle-like silhouettes, which draw their own sizes and
 * nuisances and use only the frame width and frames per scene), or {@link SceneStyle#MIXED}: a share
 * {@code cameraShare} of the scenes camera-style, the others classic. Camera-style scenes show the views of
 * {@code cameraFamilies} ({@link CameraFamily}), a share {@code lowLightShare} of them in low light. Build with {@link #builder()}; validated at
 * build().
 */
public record SceneConfig(
        int width,
        int height,
        int minObjects,
        int maxObjects,
        double minObjectSize,
        double maxObjectSize,
        double maxAspectRatio,
        double noiseSigma,
        double blurProbability,
        double lightingDrift,
        int minJpegQuality,
        int maxJpegQuality,
        int framesPerScene,
        SceneStyle style,
        double cameraShare,
        CameraFamilies cameraFamilies,
        double lowLightShare) {

    public static Builder builder() {
        return new Builder();
    }

    public static SceneConfig defaults() {
        return builder().build();
    }

    /** Fluent builder; sizes of objects are fractions of the frame's shorter side. */
    public static final class Builder {
        private int width = 640;
        private int height = 360;
        private int minObjects = 2;
        private int maxObjects = 6;
        private double minObjectSize = 0.1;
        private double maxObjectSize = 0.9;
        private double maxAspectRatio = 3;
        private double noiseSigma = 6;
        private double blurProbability = 0.3;
        private double lightingDrift = 0.25;
        private int minJpegQuality = 40;
        private int maxJpegQuality = 95;
        private int framesPerScene = 30;
        private SceneStyle style = SceneStyle.CLASSIC;
        private double cameraShare = 0.5;
        private CameraFamilies cameraFamilies = CameraFamilies.STREET_ONLY;
        private double lowLightShare = 0;

        public Builder size(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        public Builder objects(int min, int max) {
            this.minObjects = min;
            this.maxObjects = max;
            return this;
        }

        /** Object sizes (square root of the box area) as fractions of the frame's shorter side. */
        public Builder objectSize(double min, double max) {
            this.minObjectSize = min;
            this.maxObjectSize = max;
            return this;
        }

        /** Boxes range from 1:r to r:1 in width to height. */
        public Builder maxAspectRatio(double r) {
            this.maxAspectRatio = r;
            return this;
        }

        public Builder noiseSigma(double sigma) {
            this.noiseSigma = sigma;
            return this;
        }

        public Builder blurProbability(double p) {
            this.blurProbability = p;
            return this;
        }

        public Builder lightingDrift(double amplitude) {
            this.lightingDrift = amplitude;
            return this;
        }

        /** JPEG round-trip quality range; a maximum of 100 or more turns JPEG artefacts off. */
        public Builder jpegQuality(int min, int max) {
            this.minJpegQuality = min;
            this.maxJpegQuality = max;
            return this;
        }

        public Builder framesPerScene(int frames) {
            this.framesPerScene = frames;
            return this;
        }

        /** Which generator draws the scenes (default classic, the generator every existing split was made with). */
        public Builder style(SceneStyle style) {
            this.style = java.util.Objects.requireNonNull(style, "style");
            return this;
        }

        /** With {@link SceneStyle#MIXED}: the share of scenes that are camera-style (default 0.5). */
        public Builder cameraShare(double share) {
            this.cameraShare = share;
            return this;
        }

        /** Which views camera-style scenes show, and how often (default street only). */
        public Builder cameraFamilies(CameraFamilies families) {
            this.cameraFamilies = java.util.Objects.requireNonNull(families, "families");
            return this;
        }

        /** The share of camera-style scenes seen in low light or by an infrared (grey) camera (default 0). */
        public Builder lowLightShare(double share) {
            this.lowLightShare = share;
            return this;
        }

        public SceneConfig build() {
            if (width < 32 || height < 32) {
                throw new IllegalArgumentException("frames must be at least 32x32, got " + width + "x" + height);
            }
            if (minObjects < 0 || maxObjects < minObjects) {
                throw new IllegalArgumentException("need 0 <= minObjects <= maxObjects, got " + minObjects + ", "
                        + maxObjects);
            }
            if (!(minObjectSize > 0 && maxObjectSize >= minObjectSize && maxObjectSize <= 1)) {
                throw new IllegalArgumentException("object sizes must satisfy 0 < min <= max <= 1, got "
                        + minObjectSize + ", " + maxObjectSize);
            }
            if (!(maxAspectRatio >= 1)) {
                throw new IllegalArgumentException("maxAspectRatio must be >= 1, got " + maxAspectRatio);
            }
            if (noiseSigma < 0 || blurProbability < 0 || blurProbability > 1 || lightingDrift < 0
                    || lightingDrift >= 1) {
                throw new IllegalArgumentException("noise >= 0, blur probability in [0, 1] and lighting drift in [0, 1)");
            }
            if (minJpegQuality < 1 || maxJpegQuality < minJpegQuality) {
                throw new IllegalArgumentException("JPEG quality range " + minJpegQuality + ".." + maxJpegQuality);
            }
            if (framesPerScene <= 0) {
                throw new IllegalArgumentException("framesPerScene must be positive");
            }
            if (!(cameraShare >= 0 && cameraShare <= 1)) {
                throw new IllegalArgumentException("the camera-style share must be between 0 and 1, got "
                        + cameraShare);
            }
            if (!(lowLightShare >= 0 && lowLightShare <= 1)) {
                throw new IllegalArgumentException("the low-light share must be between 0 and 1, got "
                        + lowLightShare);
            }
            return new SceneConfig(width, height, minObjects, maxObjects, minObjectSize, maxObjectSize,
                    maxAspectRatio, noiseSigma, blurProbability, lightingDrift, minJpegQuality, maxJpegQuality,
                    framesPerScene, style, cameraShare, cameraFamilies, lowLightShare);
        }
    }
}
