package io.vidprop.operators;

import io.vidprop.decode.FrameDecoder;
import io.vidprop.model.ModelConfig;
import io.vidprop.model.ProposalModel;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A frame decoder per model, in the task thread: JPEG frames are decoded at the reduced scale their model's input size
 * allows ({@link FrameDecoder}), so a camera on a model with another input size gets its frames decoded for that model.
 * A model's input size is learnt when it loads; before that, from its model.json when it is a local file, else the job's
 * model's decoder stands in (proposals are then made from pixels decoded at the job's model's scale).
 */
final class FrameDecoders {
    private final FrameDecoder jobDecoder;
    private final long maxPixels;
    private final boolean fullSize;
    private final Map<String, FrameDecoder> decoders = new HashMap<>();

    FrameDecoders(FrameDecoder jobDecoder, long maxPixels, boolean fullSize) {
        this.jobDecoder = jobDecoder;
        this.maxPixels = maxPixels;
        this.fullSize = fullSize;
    }

    /** The decoder for frames going through {@code model} ({@link LoadedModels#JOB_MODEL}: the job's). */
    FrameDecoder forModel(String model) {
        if (model == LoadedModels.JOB_MODEL || fullSize) {
            return jobDecoder;
        }
        FrameDecoder d = decoders.get(model);
        if (d != null) {
            return d;
        }
        ModelConfig config = localConfig(model);
        if (config == null) {
            return jobDecoder;
        }
        d = new FrameDecoder(maxPixels, config.input.minSize, config.input.maxSize);
        decoders.put(model, d);
        return d;
    }

    /** What a model's load told about its input size. */
    void learn(String model, LoadedModels.ModelInfo info) {
        if (model != LoadedModels.JOB_MODEL && !fullSize) {
            decoders.put(model, new FrameDecoder(maxPixels, info.minSize(), info.maxSize()));
        }
    }

    /** The model's configuration when it is a readable local file; null otherwise (it loads, or fails, later). */
    private static ModelConfig localConfig(String model) {
        if (ModelLocation.remote(model)) {
            return null;
        }
        try {
            return ProposalModel.readConfig(ModelLocation.localPath(model));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** For tests: the decoders known besides the job's. */
    int known() {
        return decoders.size();
    }
}
