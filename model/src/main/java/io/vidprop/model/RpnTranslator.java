package io.vidprop.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.vidprop.image.RgbImage;
import io.vidprop.rpn.AnchorGenerator;
import io.vidprop.rpn.LevelCandidates;
import io.vidprop.rpn.ProposalFilter;
import io.vidprop.rpn.Proposals;
import java.util.ArrayList;
import java.util.List;

/**
 * Pre- and post-processing around the network, kept apart from the engine: images in, a normalised batch tensor
 * out; per-level head outputs in, proposals in each image's own pixel coordinates out. The per-level pre-NMS top-k
 * runs where the network ran (so only the top-k candidates cross to the host); decoding, filtering and NMS use the
 * RPN core.
 */
final class RpnTranslator implements NoBatchifyTranslator<List<RgbImage>, List<Proposals>> {
    private static final String BATCH = "batch";

    private final ModelConfig config;
    private final ImagePreprocessor preprocessor;
    private final AnchorGenerator anchorGenerator;
    private final ProposalFilter filter;

    RpnTranslator(ModelConfig config) {
        this.config = config;
        this.preprocessor = new ImagePreprocessor(config.input);
        this.anchorGenerator = config.anchorGenerator();
        this.filter = config.proposalFilter();
    }

    @Override
    public NDList processInput(TranslatorContext ctx, List<RgbImage> images) {
        ImageBatch batch = preprocessor.prepare(images);
        ctx.setAttachment(BATCH, batch);
        NDArray x = ctx.getNDManager().create(batch.data(),
                new Shape(batch.count(), 3, batch.tensorHeight(), batch.tensorWidth()));
        return new NDList(x);
    }

    @Override
    public List<Proposals> processOutput(TranslatorContext ctx, NDList output) {
        ImageBatch batch = (ImageBatch) ctx.getAttachment(BATCH);
        return propose(output, batch);
    }

    List<Proposals> propose(NDList output, ImageBatch batch) {
        int levels = config.levels.size();
        if (output.size() != 2 * levels) {
            throw new IllegalStateException("the network returned " + output.size() + " tensors; a model with "
                    + levels + " levels must return " + levels + " objectness then " + levels + " delta tensors");
        }
        int n = batch.count();
        LevelCandidates[][] candidates = new LevelCandidates[n][levels];
        float[][] anchors = new float[levels][];
        for (int l = 0; l < levels; l++) {
            NDArray obj = output.get(l);
            NDArray del = output.get(levels + l);
            int a = config.levels.get(l).anchorsPerLocation();
            checkShape(obj, n, a, "objectness", l);
            checkShape(del, n, 4 * a, "deltas", l);
            int h = (int) obj.getShape().get(2);
            int w = (int) obj.getShape().get(3);
            anchors[l] = anchorGenerator.anchors(l, batch.tensorHeight(), batch.tensorWidth(), h, w);
            int k = Math.min(filter.preNmsTopN(), a * h * w);
            // torchvision's order: [N, H, W, A] flattened, deltas [N, H, W, A, 4].
            NDArray flatObj = obj.transpose(0, 2, 3, 1).reshape(n, (long) h * w * a);
            NDList top = flatObj.topK(k, 1, true, true);
            NDArray values = top.get(0);
            NDArray indices = top.get(1);
            NDArray flatDel = del.reshape(n, a, 4, h, w).transpose(0, 3, 4, 1, 2).reshape(n, (long) h * w * a, 4);
            NDArray picked = flatDel.gather(indices.expandDims(2).repeat(2, 4), 1);
            float[] logits = values.toType(DataType.FLOAT32, false).toFloatArray();
            long[] index = indices.toType(DataType.INT64, false).toLongArray();
            float[] deltas = picked.toType(DataType.FLOAT32, false).toFloatArray();
            for (int i = 0; i < n; i++) {
                int[] idx = new int[k];
                for (int j = 0; j < k; j++) {
                    idx[j] = (int) index[i * k + j];
                }
                float[] lg = new float[k];
                System.arraycopy(logits, i * k, lg, 0, k);
                float[] dl = new float[4 * k];
                System.arraycopy(deltas, i * 4 * k, dl, 0, 4 * k);
                candidates[i][l] = new LevelCandidates(k, idx, lg, dl);
            }
        }
        List<Proposals> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Proposals p = filter.filter(candidates[i], anchors, batch.resizedHeights()[i], batch.resizedWidths()[i]);
            out.add(toOriginal(p, batch, i));
        }
        return out;
    }

    private static void checkShape(NDArray t, int n, int channels, String what, int level) {
        Shape s = t.getShape();
        if (s.dimension() != 4 || s.get(0) != n || s.get(1) != channels) {
            throw new IllegalStateException("the network's " + what + " for level " + level + " has shape " + s
                    + ", expected [" + n + ", " + channels + ", H, W]");
        }
    }

    /** torchvision's postprocess: boxes scaled by original / resized size, per axis, in float32. */
    private static Proposals toOriginal(Proposals p, ImageBatch batch, int i) {
        float ry = (float) batch.originalHeights()[i] / (float) batch.resizedHeights()[i];
        float rx = (float) batch.originalWidths()[i] / (float) batch.resizedWidths()[i];
        if (rx == 1f && ry == 1f) {
            return p;
        }
        float[] boxes = p.boxes().clone();
        for (int b = 0; b < boxes.length; b += 4) {
            boxes[b] *= rx;
            boxes[b + 1] *= ry;
            boxes[b + 2] *= rx;
            boxes[b + 3] *= ry;
        }
        return new Proposals(boxes, p.scores());
    }
}
