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

/**
 * vidprop's built-in network: a compact backbone of stride-2 stages (3x3 conv, batch norm, ReLU, then the
 * configured number of extra 3x3 convs at the same resolution) and the RPN head of Faster R-CNN: a 3x3 conv + ReLU slid
 * over the last feature map, then 1x1 convs giving A objectness logits and 4A box deltas per location.
 * Output: objectness [N, A, H/s, W/s] and deltas [N, 4A, H/s, W/s], s = 2^stages.
 */
public final class RpnNetwork extends AbstractBlock {
    private static final byte VERSION = 1;

    private final SequentialBlock backbone;
    private final Conv2d headConv;
    private final Conv2d objectness;
    private final Conv2d deltas;

    public RpnNetwork(int[] backboneChannels, int[] extraConvs, int headChannels, int anchorsPerLocation) {
        super(VERSION);
        SequentialBlock body = new SequentialBlock();
        for (int i = 0; i < backboneChannels.length; i++) {
            body.add(conv(backboneChannels[i], 3, 2)).add(BatchNorm.builder().build()).add(Activation::relu);
            for (int k = 0; k < extraConvs[i]; k++) {
                body.add(conv(backboneChannels[i], 3, 1)).add(BatchNorm.builder().build()).add(Activation::relu);
            }
        }
        backbone = addChildBlock("backbone", body);
        headConv = addChildBlock("head_conv", conv(headChannels, 3, 1));
        objectness = addChildBlock("objectness", conv(anchorsPerLocation, 1, 1));
        deltas = addChildBlock("deltas", conv(4 * anchorsPerLocation, 1, 1));
        backbone.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        // torchvision's RPNHead initialisation: normal(std=0.01) weights, zero biases.
        headConv.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
        objectness.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
        deltas.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
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
        return new RpnNetwork(channels, extra, config.network.headChannels, config.levels.get(0).anchorsPerLocation());
    }

    private static Conv2d conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList features = backbone.forward(ps, inputs, training, params);
        NDArray t = Activation.relu(headConv.forward(ps, features, training, params).singletonOrThrow());
        NDList head = new NDList(t);
        NDArray obj = objectness.forward(ps, head, training, params).singletonOrThrow();
        NDArray del = deltas.forward(ps, head, training, params).singletonOrThrow();
        return new NDList(obj, del);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] features = backbone.getOutputShapes(inputShapes);
        Shape[] head = headConv.getOutputShapes(features);
        return new Shape[] {objectness.getOutputShapes(head)[0], deltas.getOutputShapes(head)[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        Shape[] features = backbone.getOutputShapes(inputShapes);
        headConv.initialize(manager, dataType, features);
        Shape[] head = headConv.getOutputShapes(features);
        objectness.initialize(manager, dataType, head);
        deltas.initialize(manager, dataType, head);
    }
}
