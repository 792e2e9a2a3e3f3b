package io.vidprop.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.vidprop.rpn.AnchorGenerator;
import io.vidprop.rpn.BoxCoder;
import io.vidprop.rpn.NmsMethod;
import io.vidprop.rpn.ProposalFilter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's configuration, stored as {@code model.json} beside its weights: the network, the anchors of each
 * feature level, the box coder, how images are resized and normalised, and how proposals are filtered.
 * Field names are the JSON keys.
 */
public final class ModelConfig {
    public static final String FORMAT = "vidprop-rpn/1";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public String format = FORMAT;
    public String modelId;
    public Network network = new Network();
    public List<Level> levels = new ArrayList<>();
    public float[] boxCoderWeights = {1, 1, 1, 1};
    public Input input = new Input();
    public ProposalSettings proposals = new ProposalSettings();
    /** Free-form provenance: how the weights were made (command, seed, data, metrics). */
    public JsonObject metadata;

    /** The network that maps images [N,3,H,W] to per-level objectness and deltas. */
    public static final class Network {
        /** {@code builtin} (vidprop's own DJL network), {@code onnx} (OnnxRuntime) or {@code torchscript}. */
        public String type = "builtin";
        /**
         * Weights (builtin), ONNX graph (onnx) or TorchScript module (torchscript), relative to the model directory.
         */
        public String file = "model.params";
        /** builtin: output channels of each stride-2 backbone stage. */
        public int[] backboneChannels = {16, 32, 64, 96};
        /**
         * builtin: extra 3x3 stride-1 convs after each stage's stride-2 conv; they widen the receptive field, which
         * must span the largest objects for their boxes to be regressed well.
         */
        public int[] extraConvs = {0, 0, 1, 2};
        /** builtin: channels of the RPN head's 3x3 conv. */
        public int headChannels = 96;
        /**
         * builtin: channels of a top-down feature pyramid over the levels (FPN without its output convs: a 1x1
         * lateral conv per level, each level adding the 2x nearest-upsampled level above); 0 puts the heads straight
         * on the backbone stages.
         */
        public int topDownChannels = 0;
    }

    /** One feature level: its stride (image pixels per grid cell) and anchors. */
    public static final class Level {
        public int stride;
        public float[] sizes;
        public float[] aspectRatios;

        public Level() {}

        public Level(int stride, float[] sizes, float[] aspectRatios) {
            this.stride = stride;
            this.sizes = sizes;
            this.aspectRatios = aspectRatios;
        }

        public int anchorsPerLocation() {
            return sizes.length * aspectRatios.length;
        }
    }

    /**
     * torchvision's GeneralizedRCNNTransform policy: scale so the shorter side is {@code minSize} unless the
     * longer side would exceed {@code maxSize}; pad the batch to a multiple of {@code sizeDivisible}; normalise
     * pixels/255 with mean and std per RGB channel.
     */
    public static final class Input {
        public int minSize = 192;
        public int maxSize = 320;
        public int sizeDivisible = 32;
        public float[] mean = {0.485f, 0.456f, 0.406f};
        public float[] std = {0.229f, 0.224f, 0.225f};
    }

    /** The proposal filter's parameters (torchvision's RegionProposalNetwork, eval mode). */
    public static final class ProposalSettings {
        public int preNmsTopN = 1000;
        public int postNmsTopN = 300;
        public double nmsThreshold = 0.7;
        /** {@code hard} (torchvision's greedy NMS) or {@code soft-linear} (linear Soft-NMS; not torchvision's). */
        public String nmsMethod = "hard";
        public double minSize = 1e-3;
        public double scoreThreshold = 0.0;
    }

    /**
     * The built-in model's architecture: a 4-stage backbone and RPN heads on its last two stages, stride 8 (receptive
     * field 63 px) for small objects and stride 16 (127 px) for large ones, each with 9 anchors per location (3 sizes
     * x ratios 0.5, 1, 2, as in the paper), on images scaled to 192 px on the shorter side (at most 320 on the
     * longer: 720p becomes 320x180), and linear Soft-NMS at IoU 0.7: the settings new models are trained with. The
     * shipped default runs the same network at 232 px and Soft-NMS at 0.6 (its {@code model.json}). See
     * model/README.md for why.
     */
    public static ModelConfig builtinDefault() {
        ModelConfig c = new ModelConfig();
        c.modelId = "vidprop-rpn-default";
        c.network.headChannels = 64;
        c.network.extraConvs = new int[] {0, 0, 2, 1};
        // torchvision's RPN uses (1, 1, 1, 1); scaled targets put localisation errors of a pixel or two in smooth L1's
        // linear zone, where they still pull the boxes (recall at IoU 0.7 and AR up; model/README.md).
        c.boxCoderWeights = new float[] {10, 10, 5, 5};
        c.levels.add(new Level(8, new float[] {16, 24, 40}, new float[] {0.5f, 1f, 2f}));
        c.levels.add(new Level(16, new float[] {64, 128, 256}, new float[] {0.5f, 1f, 2f}));
        // Greedy NMS dropped a third of the boxes it missed in favour of worse-placed, higher-scored neighbours.
        c.proposals.nmsMethod = NmsMethod.SOFT_LINEAR.configName();
        return c;
    }

    public static ModelConfig read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new ModelLoadException(path, "model configuration not found");
        }
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(r, path.toString());
        }
    }

    public static ModelConfig parse(Reader reader, String source) {
        ModelConfig config;
        try {
            config = GSON.fromJson(reader, ModelConfig.class);
        } catch (JsonParseException e) {
            throw new ModelLoadException(source, "not a valid model configuration: " + e.getMessage());
        }
        if (config == null) {
            throw new ModelLoadException(source, "the model configuration is empty");
        }
        config.validate(source);
        return config;
    }

    public void write(Path path) throws IOException {
        try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            GSON.toJson(this, w);
            w.write('\n');
        }
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public ModelConfig copy() {
        return GSON.fromJson(GSON.toJson(this), ModelConfig.class);
    }

    /** Checks every field, naming the source and the field in the message. */
    public ModelConfig validate(String source) {
        if (!FORMAT.equals(format)) {
            fail(source, "format is '" + format + "', expected '" + FORMAT + "'");
        }
        if (modelId == null || modelId.isBlank()) {
            fail(source, "modelId is missing");
        }
        if (network == null || network.type == null) {
            fail(source, "network.type is missing");
        }
        if (!network.type.equals("builtin") && !network.type.equals("onnx") && !network.type.equals("torchscript")) {
            fail(source, "network.type is '" + network.type + "', expected 'builtin', 'onnx' or 'torchscript'");
        }
        if (network.file == null || network.file.isBlank()) {
            fail(source, "network.file is missing");
        }
        if (levels == null || levels.isEmpty()) {
            fail(source, "levels: at least one feature level is required");
        }
        for (int l = 0; l < levels.size(); l++) {
            Level level = levels.get(l);
            if (level.stride <= 0) {
                fail(source, "levels[" + l + "].stride must be positive");
            }
            if (level.sizes == null || level.sizes.length == 0 || level.aspectRatios == null
                    || level.aspectRatios.length == 0) {
                fail(source, "levels[" + l + "] needs sizes and aspectRatios");
            }
        }
        if (network.type.equals("builtin")) {
            int[] channels = network.backboneChannels;
            if (channels == null || channels.length == 0 || network.headChannels <= 0) {
                fail(source, "network.backboneChannels and network.headChannels are required for a builtin network");
            }
            if (network.extraConvs != null && network.extraConvs.length != channels.length) {
                fail(source, "network.extraConvs needs one count per backbone stage (" + channels.length + "), got "
                        + network.extraConvs.length);
            }
            if (network.topDownChannels < 0) {
                fail(source, "network.topDownChannels must be 0 (no pyramid) or positive, got "
                        + network.topDownChannels);
            }
            if (levels.size() > channels.length) {
                fail(source, levels.size() + " levels need as many backbone stages; the network has " + channels.length);
            }
            // Level l reads stage (stages - levels + l), whose stride is 2^(that stage + 1).
            for (int l = 0; l < levels.size(); l++) {
                int stride = 1 << (channels.length - levels.size() + l + 1);
                if (levels.get(l).stride != stride) {
                    fail(source, "levels[" + l + "].stride is " + levels.get(l).stride + " but the builtin network's "
                            + "level " + l + " comes from a stage of stride " + stride);
                }
            }
        }
        if (boxCoderWeights == null || boxCoderWeights.length != 4) {
            fail(source, "boxCoderWeights must hold 4 numbers");
        }
        if (input == null || input.minSize <= 0 || input.maxSize < input.minSize || input.sizeDivisible <= 0) {
            fail(source, "input needs 0 < minSize <= maxSize and a positive sizeDivisible");
        }
        if (input.mean == null || input.mean.length != 3 || input.std == null || input.std.length != 3) {
            fail(source, "input.mean and input.std need 3 values (R, G, B)");
        }
        for (float s : input.std) {
            if (!(s > 0)) {
                fail(source, "input.std values must be positive");
            }
        }
        try {
            anchorGenerator();
            boxCoder();
        } catch (IllegalArgumentException e) {
            fail(source, e.getMessage());
        }
        if (proposals == null) {
            fail(source, "proposals is missing");
        }
        try {
            proposalFilter();
        } catch (IllegalArgumentException e) {
            fail(source, "proposals: " + e.getMessage());
        }
        return this;
    }

    private static void fail(String source, String problem) {
        throw new ModelLoadException(source, problem);
    }

    public AnchorGenerator anchorGenerator() {
        float[][] sizes = new float[levels.size()][];
        float[][] ratios = new float[levels.size()][];
        for (int l = 0; l < levels.size(); l++) {
            sizes[l] = levels.get(l).sizes;
            ratios[l] = levels.get(l).aspectRatios;
        }
        return new AnchorGenerator(sizes, ratios);
    }

    public BoxCoder boxCoder() {
        return new BoxCoder(boxCoderWeights[0], boxCoderWeights[1], boxCoderWeights[2], boxCoderWeights[3]);
    }

    public ProposalFilter proposalFilter() {
        return ProposalFilter.builder()
                .preNmsTopN(proposals.preNmsTopN)
                .postNmsTopN(proposals.postNmsTopN)
                .nmsThreshold(proposals.nmsThreshold)
                .nmsMethod(NmsMethod.fromConfigName(proposals.nmsMethod == null ? "hard" : proposals.nmsMethod))
                .minSize(proposals.minSize)
                .scoreThreshold(proposals.scoreThreshold)
                .boxCoder(boxCoder())
                .build();
    }
}
