package io.vidprop.operators;

import java.io.Serializable;
import java.util.Locale;

/**
 * Settings of the proposal operator, an immutable value validated at {@link Builder#build()}: which model, how frames
 * are batched and decoded, the largest frame accepted, how stale a live frame may get before it is shed, and how long a
 * camera's state is kept. Each default is defined here once ({@code DEFAULT_*}, and {@link #DEFAULTS}); the commands'
 * options take theirs from these constants.
 *
 * @param modelPath model directory, model.json, ONNX or TorchScript file; null for the built-in model
 * @param batchSize frames per inference call at most, across cameras; on a CPU a large network may run smaller batches
 *     when they are measured faster a frame ({@link BatchSizeChoice}) unless {@code fixedBatchSize}
 * @param fixedBatchSize whether every batch is filled up to {@code batchSize} frames when frames are waiting, never a
 *     measured size
 * @param maxWaitMillis longest a frame waits for its batch to fill
 * @param maxPixels frames with more pixels are dead letters, rejected from their header without being decoded
 * @param maxFrameAgeMillis live streams: frames whose capture timestamp is more than this many milliseconds old when the
 *     model is about to run are shed instead of processed; 0 never sheds
 * @param inferenceThread whether the model runs in a thread of its own while the task thread decodes the next batch
 *     ({@link InferenceThreading#AUTO}: decided by {@link InferencePlan})
 * @param cpuThreads the engine's intra-op threads for CPU inference; 0: decided by {@link InferencePlan}. PyTorch keeps
 *     one such count per JVM, so every CPU proposal operator in a task manager shares it
 * @param padBatches whether a batch with fewer than {@code batchSize} frames is filled up with blank frames, so the model
 *     always sees the same batch shape. PyTorch's CPU kernels may round the last bits differently for different batch
 *     shapes, and which frames share a batch in a streaming job depends on timing; with padding, same-size frames give
 *     bit-identical proposals however they were batched, at the cost of computing full batches when the load is light
 * @param fullSizeDecoding whether JPEG frames are always decoded at full size. By default a frame the model shrinks by
 *     half or more is decoded at 1/2, 1/4 or 1/8 scale (JPEG DCT scaling), several times faster but with slightly
 *     different pixels than decoding at full size and resizing (README "Equality on real photographs")
 * @param maxFailedBatches how many batches in a row may fail at inference (each retried frame by frame, its failing
 *     frames dead-lettered) before the model is taken as broken and the task fails, so Flink restarts it from the last
 *     checkpoint
 * @param top at most this many proposals per record for cameras whose settings do not say; 0: every proposal the model
 *     keeps
 * @param minScore the least score of a proposal in a record for cameras whose settings do not say
 * @param cameraStateTtlMillis how long a camera's state (its numbering for the duplicate check, its shed and duplicate
 *     counts) is kept after its last frame; 0 keeps it for good. Turning this on or off for a job restored from a
 *     savepoint fails the restore (Flink cannot migrate state between with and without TTL)
 * @param maxLoadedModels how many models a proposal subtask keeps loaded at once, the job's and the cameras' own
 *     (camera settings {@code model}) together; the least recently used is closed to load another
 */
public record ProposalSettings(String modelPath, int batchSize, boolean fixedBatchSize, long maxWaitMillis,
        long maxPixels, long maxFrameAgeMillis, InferenceThreading inferenceThread, int cpuThreads, boolean padBatches,
        boolean fullSizeDecoding, int maxFailedBatches, int top, float minScore, long cameraStateTtlMillis,
        int maxLoadedModels) implements Serializable {
    public static final int DEFAULT_BATCH_SIZE = 8;
    public static final long DEFAULT_MAX_WAIT_MILLIS = 20;
    /** 8K UHD. */
    public static final long DEFAULT_MAX_PIXELS = 7680L * 4320;
    public static final long DEFAULT_MAX_FRAME_AGE_MILLIS = 0;
    public static final int DEFAULT_CPU_THREADS = 0;
    public static final int DEFAULT_MAX_FAILED_BATCHES = 3;
    public static final long DEFAULT_CAMERA_STATE_TTL_MILLIS = 0;
    /** Every proposal the model keeps. */
    public static final int DEFAULT_TOP = 0;
    public static final float DEFAULT_MIN_SCORE = 0;
    public static final int DEFAULT_MAX_LOADED_MODELS = 4;
    /** Every setting at its default: the built-in model. */
    public static final ProposalSettings DEFAULTS = builder().build();

    /** Whether the model runs in a thread of its own: decided for the machine ({@code auto}), or set. */
    public enum InferenceThreading {
        AUTO, ON, OFF;

        /** From its command-line spelling: auto, true or on, false or off. */
        public static InferenceThreading parse(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "true", "on" -> ON;
                case "false", "off" -> OFF;
                default -> throw new IllegalArgumentException("--inference-thread must be auto, true or false, got "
                        + value);
            };
        }
    }

    public ProposalSettings {
        if (inferenceThread == null) {
            throw new IllegalArgumentException("inference threading must be set (AUTO decides by the machine)");
        }
        if (cameraStateTtlMillis < 0) {
            throw new IllegalArgumentException("camera state TTL must not be negative (0 keeps it for good), got "
                    + cameraStateTtlMillis + " ms");
        }
        if (maxLoadedModels < 1) {
            throw new IllegalArgumentException("max loaded models must be at least 1, got " + maxLoadedModels);
        }
        if (maxFailedBatches < 1) {
            throw new IllegalArgumentException("max failed batches in a row must be at least 1, got "
                    + maxFailedBatches);
        }
        if (cpuThreads < 0) {
            throw new IllegalArgumentException("CPU threads must not be negative (0 decides by the threading), got "
                    + cpuThreads);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (maxWaitMillis < 0) {
            throw new IllegalArgumentException("max wait must not be negative, got " + maxWaitMillis + " ms");
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("max pixels must be positive, got " + maxPixels);
        }
        if (top < 0) {
            throw new IllegalArgumentException("top must not be negative (0 keeps every proposal), got " + top);
        }
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("min score must be between 0 and 1, got " + minScore);
        }
        if (maxFrameAgeMillis < 0) {
            throw new IllegalArgumentException("max frame age must not be negative (0 turns shedding off), got "
                    + maxFrameAgeMillis + " ms");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder().modelPath(modelPath).batchSize(batchSize).fixedBatchSize(fixedBatchSize)
                .maxWaitMillis(maxWaitMillis).maxPixels(maxPixels).maxFrameAgeMillis(maxFrameAgeMillis)
                .inferenceThread(inferenceThread).cpuThreads(cpuThreads).padBatches(padBatches)
                .fullSizeDecoding(fullSizeDecoding).maxFailedBatches(maxFailedBatches).top(top).minScore(minScore)
                .cameraStateTtlMillis(cameraStateTtlMillis).maxLoadedModels(maxLoadedModels);
    }

    /** Fluent builder starting from the defaults; see the record's components for each setting. */
    public static final class Builder {
        private String modelPath;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private boolean fixedBatchSize;
        private long maxWaitMillis = DEFAULT_MAX_WAIT_MILLIS;
        private long maxPixels = DEFAULT_MAX_PIXELS;
        private long maxFrameAgeMillis = DEFAULT_MAX_FRAME_AGE_MILLIS;
        private InferenceThreading inferenceThread = InferenceThreading.AUTO;
        private int cpuThreads = DEFAULT_CPU_THREADS;
        private boolean padBatches;
        private boolean fullSizeDecoding;
        private int maxFailedBatches = DEFAULT_MAX_FAILED_BATCHES;
        private int top = DEFAULT_TOP;
        private float minScore = DEFAULT_MIN_SCORE;
        private long cameraStateTtlMillis = DEFAULT_CAMERA_STATE_TTL_MILLIS;
        private int maxLoadedModels = DEFAULT_MAX_LOADED_MODELS;

        public Builder modelPath(String path) {
            this.modelPath = path;
            return this;
        }

        public Builder batchSize(int n) {
            this.batchSize = n;
            return this;
        }

        public Builder fixedBatchSize(boolean fixed) {
            this.fixedBatchSize = fixed;
            return this;
        }

        public Builder maxWaitMillis(long ms) {
            this.maxWaitMillis = ms;
            return this;
        }

        public Builder maxPixels(long pixels) {
            this.maxPixels = pixels;
            return this;
        }

        public Builder maxFrameAgeMillis(long ms) {
            this.maxFrameAgeMillis = ms;
            return this;
        }

        public Builder inferenceThread(InferenceThreading threading) {
            this.inferenceThread = threading;
            return this;
        }

        /** {@code true}: a thread of its own; {@code false}: the task thread. */
        public Builder inferenceThread(boolean separate) {
            return inferenceThread(separate ? InferenceThreading.ON : InferenceThreading.OFF);
        }

        public Builder cpuThreads(int threads) {
            this.cpuThreads = threads;
            return this;
        }

        public Builder padBatches(boolean pad) {
            this.padBatches = pad;
            return this;
        }

        public Builder fullSizeDecoding(boolean full) {
            this.fullSizeDecoding = full;
            return this;
        }

        public Builder maxFailedBatches(int batches) {
            this.maxFailedBatches = batches;
            return this;
        }

        public Builder top(int n) {
            this.top = n;
            return this;
        }

        public Builder minScore(float score) {
            this.minScore = score;
            return this;
        }

        public Builder cameraStateTtlMillis(long ms) {
            this.cameraStateTtlMillis = ms;
            return this;
        }

        public Builder maxLoadedModels(int n) {
            this.maxLoadedModels = n;
            return this;
        }

        public ProposalSettings build() {
            return new ProposalSettings(modelPath, batchSize, fixedBatchSize, maxWaitMillis, maxPixels,
                    maxFrameAgeMillis, inferenceThread, cpuThreads, padBatches, fullSizeDecoding, maxFailedBatches, top,
                    minScore, cameraStateTtlMillis, maxLoadedModels);
        }
    }
}
