package io.vidprop.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * vidprop's built-in network: a compact backbone of stride-2 stages (3x3 conv, batch norm, ReLU, then the
 * configured number of extra 3x3 convs at the same resolution), optionally a top-down pyramid over the last L stages
 * (a 1x1 lateral conv per level plus the 2x nearest-upsampled level above, as in FPN, so the fine levels see the
 * coarse levels' context), and, on each of the L feature levels, the RPN head of Faster R-CNN: a 3x3 conv + ReLU
 * slid over the feature map, then 1x1 convs giving A objectness logits and 4A box deltas per location. Output:
 * objectness [N, A, H_l, W_l] for every level, then deltas [N, 4A, H_l, W_l] for every level, level l having stride
 * 2^(stages - L + l + 1).
 */
public final class RpnNetwork extends AbstractBlock {
    private static final byte VERSION = 2;

    private final List<SequentialBlock> stages = new ArrayList<>();
    private final List<Conv2d> laterals = new ArrayList<>();
    private final List<Conv2d> headConvs = new ArrayList<>();
    private final List<Conv2d> objectness = new ArrayList<>();
    private final List<Conv2d> deltas = new ArrayList<>();

    /** {@code topDownChannels} 0: the heads read the backbone stages directly. */
    public RpnNetwork(int[] backboneChannels, int[] extraConvs, int headChannels, int topDownChannels,
            int[] anchorsPerLocation) {
        super(VERSION);
        int levels = anchorsPerLocation.length;
        if (levels > backboneChannels.length) {
            throw new IllegalArgumentException(levels + " levels need at least as many backbone stages, got "
                    + backboneChannels.length);
        }
        for (int i = 0; i < backboneChannels.length; i++) {
            SequentialBlock stage = new SequentialBlock();
            stage.add(conv(backboneChannels[i], 3, 2)).add(BatchNorm.builder().build()).add(Activation::relu);
            for (int k = 0; k < extraConvs[i]; k++) {
                stage.add(conv(backboneChannels[i], 3, 1)).add(BatchNorm.builder().build()).add(Activation::relu);
            }
            stage.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            stages.add(addChildBlock("stage" + i, stage));
        }
        for (int l = 0; l < levels; l++) {
            // torchvision's RPNHead initialisation: normal(std=0.01) weights, zero biases.
            headConvs.add(addChildBlock("head_conv" + l, head(conv(headChannels, 3, 1))));
            objectness.add(addChildBlock("objectness" + l, head(conv(anchorsPerLocation[l], 1, 1))));
            deltas.add(addChildBlock("deltas" + l, head(conv(4 * anchorsPerLocation[l], 1, 1))));
        }
        // Added after the heads so that weights saved without a pyramid keep their layout.
        for (int l = 0; topDownChannels > 0 && l < levels; l++) {
            Conv2d lateral = conv(topDownChannels, 1, 1);
            lateral.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            laterals.add(addChildBlock("lateral" + l, lateral));
        }
    }

    public static RpnNetwork of(ModelConfig config) {
        int[] channels = config.network.backboneChannels;
        int[] extra = config.network.extraConvs;
        if (extra == null) {
            extra = new int[channels.length];
            for (int i = 2; i < channels.length; i++) {
                extra[i] = 1;
            }
        }
        int[] anchors = new int[config.levels.size()];
        for (int l = 0; l < anchors.length; l++) {
            anchors[l] = config.levels.get(l).anchorsPerLocation();
        }
        return new RpnNetwork(channels, extra, config.network.headChannels, config.network.topDownChannels, anchors);
    }

    private static Conv2d head(Conv2d conv) {
        conv.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
        return conv;
    }

    private static Conv2d conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .build();
    }

    private int firstLevelStage() {
        return stages.size() - headConvs.size();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        int levels = headConvs.size();
        NDArray[] features = new NDArray[levels];
        NDList x = inputs;
        for (int i = 0; i < stages.size(); i++) {
            x = stages.get(i).forward(ps, x, training, params);
            int l = i - firstLevelStage();
            if (l >= 0) {
                features[l] = x.singletonOrThrow();
            }
        }
        if (!laterals.isEmpty()) {
            for (int l = levels - 1; l >= 0; l--) {
                NDArray lateral = laterals.get(l).forward(ps, new NDList(features[l]), training, params)
                        .singletonOrThrow();
                features[l] = l == levels - 1 ? lateral : lateral.add(upsample2x(features[l + 1]));
            }
        }
        NDList out = new NDList(2 * levels);
        NDArray[] del = new NDArray[levels];
        for (int l = 0; l < levels; l++) {
            NDList t = new NDList(Activation.relu(headConvs.get(l).forward(ps, new NDList(features[l]), training,
                    params).singletonOrThrow()));
            out.add(objectness.get(l).forward(ps, t, training, params).singletonOrThrow());
            del[l] = deltas.get(l).forward(ps, t, training, params).singletonOrThrow();
        }
        for (NDArray d : del) {
            out.add(d);
        }
        return out;
    }

    /** Nearest-neighbour 2x upsampling of [N, C, H, W]; inputs are padded so level sizes halve exactly. */
    static NDArray upsample2x(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }

    /** The shape each head reads: the stage's output, or the pyramid's channels. */
    private Shape[] levelShape(int l, Shape[] stageOut) {
        if (laterals.isEmpty()) {
            return stageOut;
        }
        return laterals.get(l).getOutputShapes(stageOut);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        int levels = headConvs.size();
        Shape[] out = new Shape[2 * levels];
        Shape[] x = inputShapes;
        for (int i = 0; i < stages.size(); i++) {
            x = stages.get(i).getOutputShapes(x);
            int l = i - firstLevelStage();
            if (l >= 0) {
                Shape[] head = headConvs.get(l).getOutputShapes(levelShape(l, x));
                out[l] = objectness.get(l).getOutputShapes(head)[0];
                out[levels + l] = deltas.get(l).getOutputShapes(head)[0];
            }
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] x = inputShapes;
        for (int i = 0; i < stages.size(); i++) {
            stages.get(i).initialize(manager, dataType, x);
            x = stages.get(i).getOutputShapes(x);
            int l = i - firstLevelStage();
            if (l >= 0) {
                if (!laterals.isEmpty()) {
                    laterals.get(l).initialize(manager, dataType, x);
                }
                Shape[] level = levelShape(l, x);
                headConvs.get(l).initialize(manager, dataType, level);
                Shape[] head = headConvs.get(l).getOutputShapes(level);
                objectness.get(l).initialize(manager, dataType, head);
                deltas.get(l).initialize(manager, dataType, head);
            }
        }
    }
}
