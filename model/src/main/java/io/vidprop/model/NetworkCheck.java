package io.vidprop.model;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * Checks an exported network (ONNX or TorchScript) against its {@code model.json} at load time, by running it once on
 * a small blank image: a network whose outputs do not fit the configured levels and anchors would otherwise fail on
 * the first frame, or worse, give wrong proposals without failing.
 */
final class NetworkCheck {
    private NetworkCheck() {}

    /** The probe's side: twice the largest stride, rounded up to the padding multiple, so every level has cells. */
    static int probeSide(ModelConfig config) {
        int maxStride = 1;
        for (ModelConfig.Level level : config.levels) {
            maxStride = Math.max(maxStride, level.stride);
        }
        int d = config.input.sizeDivisible;
        return (2 * maxStride + d - 1) / d * d;
    }

    static void outputsMatch(ModelConfig config, Model model, String file, String configFile) {
        int side = probeSide(config);
        Shape input = new Shape(1, 3, side, side);
        NDList outputs;
        try (NDManager manager = model.getNDManager().newSubManager()) {
            try {
                outputs = model.getBlock().forward(new ParameterStore(manager, false),
                        new NDList(manager.zeros(input)), false);
            } catch (RuntimeException e) {
                throw new ModelLoadException(file, "the network fails on a blank " + input + " image (it must take "
                        + "one float32 tensor [N, 3, H, W] of any N, H and W): " + e.getMessage(), e);
            }
            int levels = config.levels.size();
            if (outputs.size() != 2 * levels) {
                throw new ModelLoadException(file, "the network returns " + outputs.size() + " tensors but "
                        + configFile + " describes " + levels + " levels, so it must return " + levels
                        + " objectness tensors then " + levels + " delta tensors");
            }
            for (int i = 0; i < outputs.size(); i++) {
                int l = i % levels;
                boolean objectness = i < levels;
                ModelConfig.Level level = config.levels.get(l);
                int anchors = level.anchorsPerLocation();
                long channels = objectness ? anchors : 4L * anchors;
                Shape s = outputs.get(i).getShape();
                if (s.dimension() != 4 || s.get(0) != 1 || s.get(1) != channels) {
                    throw new ModelLoadException(file, "output " + i + " (" + (objectness ? "objectness" : "deltas")
                            + " of level " + l + ") has shape " + s + " for a " + input + " image, expected [1, "
                            + channels + ", H, W]: " + configFile + " gives level " + l + " " + level.sizes.length
                            + " sizes x " + level.aspectRatios.length + " aspect ratios = " + anchors
                            + " anchors per location");
                }
            }
        }
    }
}
