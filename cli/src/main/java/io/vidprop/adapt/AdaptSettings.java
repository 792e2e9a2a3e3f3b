package io.vidprop.adapt;

import ai.djl.Device;
import io.vidprop.motion.MotionSettings;
import io.vidprop.synth.SceneConfig;
import io.vidprop.synth.SyntheticDataset;
import java.nio.file.Path;

/**
 * How {@code vidprop adapt} mines, fine-tunes and evaluates: its options, parsed.
 *
 * @param model the model to adapt from (null: the shipped default)
 * @param start seconds into each file to start (null: its start)
 * @param end seconds into each file to stop (null: its end)
 * @param motion how moving objects are mined
 * @param holdout the last share of each input, by time, kept out of training
 * @param labelsOnly only mine (and export labels); no training
 * @param steps fine-tuning steps
 * @param batchSize images per training step, and per evaluation batch
 * @param learningRate peak learning rate
 * @param footageFraction share of each batch from the footage, the rest synthetic
 * @param seed training seed
 * @param device where to train and evaluate
 * @param deviceName the device as the user named it, for the report
 * @param dataSeed base seed of the synthetic data set
 * @param scene the synthetic scenes (null with labelsOnly: never needed)
 * @param syntheticCheck synthetic test frames to measure forgetting on (0: skip)
 * @param trainedBy the command line, for the model's metadata
 * @param fromCameras the footage is cameras' spooled frames, not files
 * @param keepSpool the cameras' spooled videos are kept (their paths go in the metadata)
 */
public record AdaptSettings(Path model, Double start, Double end, MotionSettings motion, double holdout,
        boolean labelsOnly, int steps, int batchSize, float learningRate, double footageFraction, long seed,
        Device device, String deviceName, long dataSeed, SceneConfig scene, int syntheticCheck, String trainedBy,
        boolean fromCameras, boolean keepSpool) {

    SyntheticDataset dataset() {
        return new SyntheticDataset(dataSeed, scene);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds the settings; every value is as the command's options give it. */
    public static final class Builder {
        private Path model;
        private Double start;
        private Double end;
        private MotionSettings motion;
        private double holdout;
        private boolean labelsOnly;
        private int steps;
        private int batchSize;
        private float learningRate;
        private double footageFraction;
        private long seed;
        private Device device;
        private String deviceName;
        private long dataSeed;
        private SceneConfig scene;
        private int syntheticCheck;
        private String trainedBy;
        private boolean fromCameras;
        private boolean keepSpool;

        private Builder() {}

        public Builder model(Path model) {
            this.model = model;
            return this;
        }

        public Builder range(Double start, Double end) {
            this.start = start;
            this.end = end;
            return this;
        }

        public Builder motion(MotionSettings motion) {
            this.motion = motion;
            return this;
        }

        public Builder holdout(double holdout) {
            this.holdout = holdout;
            return this;
        }

        public Builder labelsOnly(boolean labelsOnly) {
            this.labelsOnly = labelsOnly;
            return this;
        }

        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder learningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder footageFraction(double footageFraction) {
            this.footageFraction = footageFraction;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder device(Device device, String name) {
            this.device = device;
            this.deviceName = name;
            return this;
        }

        public Builder syntheticData(long dataSeed, SceneConfig scene) {
            this.dataSeed = dataSeed;
            this.scene = scene;
            return this;
        }

        public Builder syntheticCheck(int syntheticCheck) {
            this.syntheticCheck = syntheticCheck;
            return this;
        }

        public Builder trainedBy(String trainedBy) {
            this.trainedBy = trainedBy;
            return this;
        }

        public Builder fromCameras(boolean fromCameras, boolean keepSpool) {
            this.fromCameras = fromCameras;
            this.keepSpool = keepSpool;
            return this;
        }

        public AdaptSettings build() {
            return new AdaptSettings(model, start, end, motion, holdout, labelsOnly, steps, batchSize, learningRate,
                    footageFraction, seed, device, deviceName, dataSeed, scene, syntheticCheck, trainedBy,
                    fromCameras, keepSpool);
        }
    }
}
