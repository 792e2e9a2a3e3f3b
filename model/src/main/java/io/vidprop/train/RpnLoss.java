package io.vidprop.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The RPN's training loss, as torchvision computes it: binary cross-entropy on the objectness logits of the sampled
 * anchors (mean), plus smooth L1 (beta 1/9) between predicted and target deltas of the sampled positives, summed and
 * divided by the number of sampled anchors.
 *
 * <p>Labels: flat anchor indices (image-major; within an image, torchvision's order of levels, then [H, W, A]) of the
 * sampled anchors, their 0/1 labels, the flat indices of the sampled positives and their regression targets [P, 4].
 * Predictions: objectness [N, A, H, W] for every level, then deltas [N, 4A, H, W] for every level.
 *
 * <p>With hard negatives ({@code hardNegativesPerImage > 0}, not torchvision's), a fifth label array holds the flat
 * indices of every negative anchor of the batch (or of those in a {@link HardNegativePool}), and the highest-scoring
 * {@code hardNegativesPerImage} times the batch's image count of them join the sampled anchors in the objectness loss:
 * the background a random sample rarely draws (a wall, a table top, an animal's eyes) is what ranks above objects.
 * An empty fifth array (a batch whose pool holds no anchor) leaves torchvision's loss; a missing one is an error.
 */
public final class RpnLoss extends Loss {
    public static final float BETA = 1f / 9;

    private final int hardNegativesPerImage;

    /** torchvision's loss: the sampled anchors only. */
    public RpnLoss() {
        this(0);
    }

    public RpnLoss(int hardNegativesPerImage) {
        super("rpn_loss");
        if (hardNegativesPerImage < 0) {
            throw new IllegalArgumentException("hard negatives per image must be >= 0, got " + hardNegativesPerImage);
        }
        this.hardNegativesPerImage = hardNegativesPerImage;
    }

    /** Whether the labels need the fifth array, every negative anchor's flat index. */
    public boolean needsAllNegatives() {
        return hardNegativesPerImage > 0;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDList parts = components(labels, predictions);
        return parts.get(0).add(parts.get(1));
    }

    /** Objectness loss and box loss, separately. */
    public NDList components(NDList labels, NDList predictions) {
        NDArray sampled = labels.get(0);
        NDArray sampledLabels = labels.get(1);
        NDArray positives = labels.get(2);
        NDArray targets = labels.get(3);
        // torchvision's order: per image, every level's anchors ([H, W, A] flattened) one level after another.
        int levels = predictions.size() / 2;
        NDList objectness = new NDList(levels);
        NDList deltas = new NDList(levels);
        for (int l = 0; l < levels; l++) {
            NDArray obj = predictions.get(l);
            NDArray del = predictions.get(levels + l);
            long n = obj.getShape().get(0);
            long a = obj.getShape().get(1);
            long h = obj.getShape().get(2);
            long w = obj.getShape().get(3);
            objectness.add(obj.transpose(0, 2, 3, 1).reshape(n, -1));
            deltas.add(del.reshape(n, a, 4, h, w).transpose(0, 3, 4, 1, 2).reshape(n, -1, 4));
        }
        NDArray flatObj = (levels == 1 ? objectness.get(0) : NDArrays.concat(objectness, 1)).reshape(-1);
        NDArray flatDel = (levels == 1 ? deltas.get(0) : NDArrays.concat(deltas, 1)).reshape(-1, 4);

        NDArray x = flatObj.get(sampled);
        NDArray bce = softplus(x).sub(x.mul(sampledLabels));
        NDArray objectnessLoss = bce.mean();
        if (hardNegativesPerImage > 0) {
            if (labels.size() < 5) {
                throw new IllegalArgumentException("hard negatives (" + hardNegativesPerImage + " per image) need a "
                        + "fifth label array, the negative anchors' flat indices; the batch has " + labels.size()
                        + " arrays");
            }
            NDArray pool = labels.get(4);
            if (pool.getShape().get(0) > 0) {
                NDArray negatives = flatObj.get(pool);
                long total = negatives.getShape().get(0);
                long k = Math.min(total, hardNegativesPerImage * predictions.get(0).getShape().get(0));
                NDArray hard = negatives.sort().get(total - k + ":");
                objectnessLoss = bce.sum().add(softplus(hard).sum()).div(bce.getShape().get(0) + k);
            }
        }

        float count = Math.max(1, sampled.getShape().get(0));
        NDArray boxLoss;
        if (positives.getShape().get(0) == 0) {
            boxLoss = flatDel.sum().mul(0f);
        } else {
            NDArray diff = flatDel.get(positives).sub(targets).abs();
            NDArray smooth = NDArrays.where(diff.lt(BETA), diff.square().mul(0.5f / BETA), diff.sub(0.5f * BETA));
            boxLoss = smooth.sum().div(count);
        }
        return new NDList(objectnessLoss, boxLoss);
    }

    /** log(1 + exp(x)), computed stably as max(x, 0) + log(1 + exp(-|x|)): BCE with logits for label 0. */
    private static NDArray softplus(NDArray x) {
        return x.maximum(0f).add(x.abs().neg().exp().add(1f).log());
    }
}
