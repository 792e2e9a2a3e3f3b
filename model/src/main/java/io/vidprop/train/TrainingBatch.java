package io.vidprop.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vidprop.image.RgbImage;
import io.vidprop.model.ImageBatch;
import io.vidprop.model.ImagePreprocessor;
import io.vidprop.rpn.AnchorGenerator;
import io.vidprop.rpn.BoxCoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One training step's input: the preprocessed images, and the loss's labels of their anchors (256 sampled per image,
 * at most half positive, with the positives' regression targets).
 */
record TrainingBatch(NDArray images, NDList labels) {
    /**
     * Preprocesses the images and labels/samples their anchors into the loss's label arrays; with a
     * {@code hardNegativePool}, a fifth array of the flat index of every negative anchor in that pool (for
     * {@link RpnLoss}'s hard negatives).
     */
    static TrainingBatch of(List<LabeledImage> examples, ImagePreprocessor preprocessor, AnchorGenerator anchors,
            AnchorLabeler labeler, BoxCoder coder, int[] strides, Random random,
            HardNegativePool hardNegativePool, NDManager manager) {
        List<RgbImage> images = new ArrayList<>(examples.size());
        for (LabeledImage e : examples) {
            images.add(e.image());
        }
        ImageBatch prepared = preprocessor.prepare(images);
        float[] grid = allLevelAnchors(anchors, strides, prepared.tensorHeight(), prepared.tensorWidth());
        int perImage = grid.length / 4;
        List<Integer> sampled = new ArrayList<>();
        List<Float> sampledLabels = new ArrayList<>();
        List<Integer> positives = new ArrayList<>();
        List<Float> targets = new ArrayList<>();
        List<Integer> negatives = new ArrayList<>();
        float[] target = new float[4];
        for (int i = 0; i < examples.size(); i++) {
            float[] gt = scaled(examples.get(i).boxes(), prepared, i);
            AnchorLabeler.Labels labels = labeler.label(grid, gt);
            AnchorLabeler.Sample sample = AnchorLabeler.sample(labels.label(), 256, 0.5, random);
            if (hardNegativePool != null && hardNegativePool.admits(examples.get(i))) {
                byte[] label = labels.label();
                for (int a = 0; a < label.length; a++) {
                    if (label[a] == AnchorLabeler.NEGATIVE && hardNegativePool.admits(grid, a, gt)) {
                        negatives.add(i * perImage + a);
                    }
                }
            }
            for (int p : sample.positives()) {
                sampled.add(i * perImage + p);
                sampledLabels.add(1f);
                positives.add(i * perImage + p);
                coder.encode(gt, 4 * labels.matchedBox()[p], grid, 4 * p, target, 0);
                for (float t : target) {
                    targets.add(t);
                }
            }
            for (int q : sample.negatives()) {
                sampled.add(i * perImage + q);
                sampledLabels.add(0f);
            }
        }
        NDArray x = manager.create(prepared.data(),
                new Shape(prepared.count(), 3, prepared.tensorHeight(), prepared.tensorWidth()));
        NDList labels = new NDList(
                manager.create(toLongs(sampled)),
                manager.create(toFloats(sampledLabels)),
                manager.create(toLongs(positives)),
                manager.create(toFloats(targets), new Shape(positives.size(), 4)));
        if (hardNegativePool != null) {
            labels.add(manager.create(toLongs(negatives)));
        }
        return new TrainingBatch(x, labels);
    }

    /** Every level's anchors, one level after another (the network's grids: tensor size / stride). */
    static float[] allLevelAnchors(AnchorGenerator anchors, int[] strides, int height, int width) {
        float[][] levels = new float[strides.length][];
        int total = 0;
        for (int l = 0; l < strides.length; l++) {
            levels[l] = anchors.anchors(l, height, width, height / strides[l], width / strides[l]);
            total += levels[l].length;
        }
        float[] all = new float[total];
        int o = 0;
        for (float[] level : levels) {
            System.arraycopy(level, 0, all, o, level.length);
            o += level.length;
        }
        return all;
    }

    /** Ground-truth boxes in the resized image's pixels. */
    private static float[] scaled(float[] boxes, ImageBatch batch, int i) {
        float sx = (float) batch.resizedWidths()[i] / batch.originalWidths()[i];
        float sy = (float) batch.resizedHeights()[i] / batch.originalHeights()[i];
        float[] out = new float[boxes.length];
        for (int k = 0; k < boxes.length; k += 4) {
            out[k] = boxes[k] * sx;
            out[k + 1] = boxes[k + 1] * sy;
            out[k + 2] = boxes[k + 2] * sx;
            out[k + 3] = boxes[k + 3] * sy;
        }
        return out;
    }

    private static long[] toLongs(List<Integer> values) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static float[] toFloats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
