package io.vidprop.operators;

import java.io.Serializable;

/**
 * Settings of the proposal operator, validated at {@link Builder#build()}: which model, how frames are batched, the
 * largest frame accepted, and how stale a live frame may get before it is shed.
 */
public final class ProposalSettings implements Serializable {
    /** Frames per inference batch unless set; the commands' --batch-size default is this one. */
    public static final int DEFAULT_BATCH_SIZE = 8;
    public static final String DEFAULT_BATCH_SIZE_OPTION = "" + DEFAULT_BATCH_SIZE;

    private static final long serialVersionUID = 1L;
    /** 8K UHD. */
    public static final long DEFAULT_MAX_PIXELS = 7680L * 4320;
    public static final int DEFAULT_MAX_FAILED_BATCHES = 3;

    private final String modelPath;
    private final int batchSize;
    private final long maxWaitMillis;
    private final long maxPixels;
    private final String forceDevice;
    private final long maxFrameAgeMillis;
    private final Boolean inferenceThread;
    private final boolean padBatches;
    private final boolean fixedBatchSize;
    private final int cpuThreads;
    private final boolean fullSizeDecoding;
    private final int maxFailedBatches;
    private final InferenceWrapper inferenceWrapper;
    private final long cameraStateTtlMillis;

    private ProposalSettings(Builder b) {
        this.modelPath = b.modelPath;
        this.batchSize = b.batchSize;
        this.maxWaitMillis = b.maxWaitMillis;
        this.maxPixels = b.maxPixels;
        this.forceDevice = b.forceDevice;
        this.maxFrameAgeMillis = b.maxFrameAgeMillis;
        this.inferenceThread = b.inferenceThread;
        this.padBatches = b.padBatches;
        this.fixedBatchSize = b.fixedBatchSize;
        this.cpuThreads = b.cpuThreads;
        this.fullSizeDecoding = b.fullSizeDecoding;
        this.maxFailedBatches = b.maxFailedBatches;
        this.inferenceWrapper = b.inferenceWrapper;
        this.cameraStateTtlMillis = b.cameraStateTtlMillis;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Model directory, model.json, ONNX or TorchScript file; null for the built-in model. */
    public String modelPath() {
        return modelPath;
    }

    /**
     * Frames per inference call at most, across cameras. On a CPU a large network may run smaller batches when they
     * are measured faster a frame ({@link BatchSizeChoice}) unless {@link #fixedBatchSize()}.
     */
    public int batchSize() {
        return batchSize;
    }

    /** Whether every batch is filled up to {@link #batchSize()} frames when frames are waiting, never a measured size. */
    public boolean fixedBatchSize() {
        return fixedBatchSize;
    }

    public long maxWaitMillis() {
        return maxWaitMillis;
    }

    public long maxPixels() {
        return maxPixels;
    }

    /** "cpu" to ignore GPUs Flink assigned; null to follow Flink's GPU resource. */
    public String forceDevice() {
        return forceDevice;
    }

    /**
     * Live streams: frames whose capture timestamp is more than this many milliseconds old when the model is about to
     * run are shed instead of processed; 0 (the default) never sheds.
     */
    public long maxFrameAgeMillis() {
        return maxFrameAgeMillis;
    }

    /**
     * Whether the model runs in a thread of its own while the task thread decodes the next batch (true), or in the
     * task thread (false); null (the default): its own thread on a GPU, and on a CPU with two or more cores, where
     * PyTorch then gets all cores but one ({@link #cpuThreads()}) and decoding the one left.
     */
    public Boolean inferenceThread() {
        return inferenceThread;
    }

    /** Whether the model runs in a thread of its own ({@link #inferenceThread()} resolved for this machine). */
    public boolean usesInferenceThread(boolean gpu, int cores) {
        return inferenceThread != null ? inferenceThread : gpu || cores >= 2;
    }

    /**
     * PyTorch's intra-op threads for CPU inference; 0 (the default): one fewer than the cores when the model has a
     * thread of its own (the task thread decodes on the remaining core), else PyTorch's own default. PyTorch keeps one
     * such count per JVM, so every CPU proposal operator in a task manager shares it.
     */
    public int cpuThreads() {
        return cpuThreads;
    }

    /**
     * The intra-op thread count to set for inference on this kind of device and {@code cores} cores, or 0 to leave
     * PyTorch's as it is (always on a GPU).
     */
    public int cpuThreadsToSet(boolean gpu, int cores) {
        if (gpu) {
            return 0;
        }
        if (cpuThreads > 0) {
            return cpuThreads;
        }
        return usesInferenceThread(false, cores) ? Math.max(1, cores - 1) : 0;
    }

    /** {@link #inferenceThread()} from its command-line spelling: auto (null), true or on, false or off. */
    public static Boolean parseInferenceThread(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> null;
            case "true", "on" -> true;
            case "false", "off" -> false;
            default -> throw new IllegalArgumentException("--inference-thread must be auto, true or false, got "
                    + value);
        };
    }

    /**
     * Whether a batch with fewer than {@link #batchSize()} frames is filled up with blank frames, so the model always
     * sees the same batch shape. PyTorch's CPU kernels may round the last bits differently for different batch
     * shapes, and which frames share a batch in a streaming job depends on timing; with padding, same-size frames
     * give bit-identical proposals however they were batched (streaming, replayed, or re-processed with
     * {@code vidprop batch}), at the cost of computing full batches when the load is light.
     */
    public boolean padBatches() {
        return padBatches;
    }

    /**
     * Whether JPEG frames are always decoded at full size. By default a frame the model shrinks by half or more is
     * decoded at 1/2, 1/4 or 1/8 scale (JPEG DCT scaling), which is several times faster but gives slightly different
     * pixels than decoding at full size and resizing, so proposals differ a little from torchvision's on the same
     * bytes; full-size decoding reproduces them (README "Equality on real photographs").
     */
    public boolean fullSizeDecoding() {
        return fullSizeDecoding;
    }

    /**
     * How many batches in a row may fail at inference (each retried frame by frame, its failing frames dead-lettered)
     * before the operator decides the model is broken and fails the task, so Flink restarts it from the last
     * checkpoint (default 3).
     */
    public int maxFailedBatches() {
        return maxFailedBatches;
    }

    /** Wraps the model's inference (null, the default: the model as loaded). */
    public InferenceWrapper inferenceWrapper() {
        return inferenceWrapper;
    }

    /**
     * How long a camera's state (its numbering for the duplicate check, its shed and duplicate counts) is kept after
     * its last frame; 0 (the default) keeps it for good. A camera silent for longer starts afresh: a replay of its old
     * footage after that is processed again instead of being dropped as duplicates. Turning this on or off for a job
     * restored from a savepoint fails the restore (Flink cannot migrate state between with and without TTL).
     */
    public long cameraStateTtlMillis() {
        return cameraStateTtlMillis;
    }

    /** Fluent builder with defaults that suit the embedded demo. */
    public static final class Builder {
        private String modelPath;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private long maxWaitMillis = 20;
        private long maxPixels = DEFAULT_MAX_PIXELS;
        private String forceDevice;
        private long maxFrameAgeMillis;
        private Boolean inferenceThread;
        private boolean padBatches;
        private boolean fixedBatchSize;
        private int cpuThreads;
        private boolean fullSizeDecoding;
        private int maxFailedBatches = DEFAULT_MAX_FAILED_BATCHES;
        private InferenceWrapper inferenceWrapper;
        private long cameraStateTtlMillis;

        public Builder modelPath(String path) {
            this.modelPath = path;
            return this;
        }

        /** Frames per inference call at most, across cameras (default 8); see {@link ProposalSettings#batchSize()}. */
        public Builder batchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /** Longest a frame waits for its batch to fill (default 20 ms). */
        public Builder maxWaitMillis(long ms) {
            this.maxWaitMillis = ms;
            return this;
        }

        /** Frames with more pixels are sent to the dead-letter topic without being decoded (default 8K UHD). */
        public Builder maxPixels(long pixels) {
            this.maxPixels = pixels;
            return this;
        }

        public Builder forceDevice(String device) {
            this.forceDevice = device;
            return this;
        }

        /**
         * Sheds frames captured more than this long before the model is about to run them, so a live stream's latency
         * stays bounded under overload (default 0: off; replay and batch work must leave it off).
         */
        public Builder maxFrameAgeMillis(long ms) {
            this.maxFrameAgeMillis = ms;
            return this;
        }

        /** See {@link ProposalSettings#inferenceThread()} (default null: decided by the device). */
        public Builder inferenceThread(Boolean separate) {
            this.inferenceThread = separate;
            return this;
        }

        /** See {@link ProposalSettings#fixedBatchSize()} (default false: measured for a large network on a CPU). */
        public Builder fixedBatchSize(boolean fixed) {
            this.fixedBatchSize = fixed;
            return this;
        }

        /** See {@link ProposalSettings#padBatches()} (default false). */
        public Builder padBatches(boolean pad) {
            this.padBatches = pad;
            return this;
        }

        /** See {@link ProposalSettings#cpuThreads()} (default 0: decided by the threading). */
        public Builder cpuThreads(int threads) {
            this.cpuThreads = threads;
            return this;
        }

        /** See {@link ProposalSettings#fullSizeDecoding()} (default false). */
        public Builder fullSizeDecoding(boolean full) {
            this.fullSizeDecoding = full;
            return this;
        }

        /** See {@link ProposalSettings#maxFailedBatches()} (default 3). */
        public Builder maxFailedBatches(int batches) {
            this.maxFailedBatches = batches;
            return this;
        }

        /** See {@link ProposalSettings#inferenceWrapper()}. */
        public Builder inferenceWrapper(InferenceWrapper wrapper) {
            this.inferenceWrapper = wrapper;
            return this;
        }

        /** See {@link ProposalSettings#cameraStateTtlMillis()} (default 0: kept for good). */
        public Builder cameraStateTtlMillis(long ms) {
            this.cameraStateTtlMillis = ms;
            return this;
        }

        public ProposalSettings build() {
            if (cameraStateTtlMillis < 0) {
                throw new IllegalArgumentException("camera state TTL must not be negative (0 keeps it for good), got "
                        + cameraStateTtlMillis + " ms");
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
            if (maxFrameAgeMillis < 0) {
                throw new IllegalArgumentException("max frame age must not be negative (0 turns shedding off), got "
                        + maxFrameAgeMillis + " ms");
            }
            if (forceDevice != null && !forceDevice.equals("cpu")) {
                throw new IllegalArgumentException("forceDevice may only be 'cpu', got " + forceDevice);
            }
            return new ProposalSettings(this);
        }
    }
}
