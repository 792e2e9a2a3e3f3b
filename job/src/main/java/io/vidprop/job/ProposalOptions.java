package io.vidprop.job;

import io.vidprop.operators.ProposalSettings;
import picocli.CommandLine.Option;

/**
 * The proposal operator's options that every command running it shares ({@code run}, {@code submit}, the cluster
 * entry, {@code batch}, {@code demo}): which model, how frames are batched and decoded, the largest frame accepted.
 * Each is declared here once, its default from {@link ProposalSettings}' constants (a picocli mixin); the streaming
 * job's further settings are in {@link StreamingProposalOptions}.
 */
public final class ProposalOptions {
    @Option(names = "--model",
            description = "Model directory, model.json, ONNX .onnx or TorchScript .pt (default: the built-in model).")
    String model;

    @Option(names = "--batch-size", defaultValue = "" + ProposalSettings.DEFAULT_BATCH_SIZE,
            description = {"Frames per inference batch at most, across cameras (default: ${DEFAULT-VALUE}). On a CPU a",
                "large network (20 ms a frame or more) runs the power of two up to it that is timed fastest a frame."})
    int batchSize;

    @Option(names = "--fixed-batch-size",
            description = "Always fill batches up to --batch-size, never a smaller size timed faster.")
    boolean fixedBatchSize;

    @Option(names = "--pad-batches",
            description = {"Fill partial batches with blank frames so the model always sees full batches: same-size frames "
                + "then give bit-identical proposals however they were batched, in a streaming job and in vidprop batch "
                + "alike with the same --batch-size; costs compute when the load is light."})
    boolean padBatches;

    @Option(names = "--max-pixels", defaultValue = "" + ProposalSettings.DEFAULT_MAX_PIXELS,
            description = "Larger frames become dead letters, undecoded (default: ${DEFAULT-VALUE}, 8K UHD).")
    long maxPixels;

    @Option(names = "--full-size-decoding", description = "Decode JPEG frames at full size even when the model "
            + "shrinks them (slower; proposals then equal torchvision's on the same bytes). Default: decode at 1/2, "
            + "1/4 or 1/8 scale when the model shrinks the frame by that much.")
    boolean fullSizeDecoding;

    @Option(names = "--max-loaded-models", defaultValue = "" + ProposalSettings.DEFAULT_MAX_LOADED_MODELS,
            description = {"Models each proposal subtask keeps loaded at once, --model's and those the cameras' settings "
                + "name together; the least recently used is closed to load another (default: ${DEFAULT-VALUE})."})
    int maxLoadedModels;

    /** The settings these options give, the others at their defaults. */
    public ProposalSettings settings() {
        return builder().build();
    }

    /** A builder with these options set, for commands that set more. */
    public ProposalSettings.Builder builder() {
        return ProposalSettings.builder().modelPath(model).batchSize(batchSize).fixedBatchSize(fixedBatchSize)
                .padBatches(padBatches).maxPixels(maxPixels).fullSizeDecoding(fullSizeDecoding)
                .maxLoadedModels(maxLoadedModels);
    }
}
