package io.vidprop.rpn;

import java.util.Arrays;

/**
 * Turns one image's RPN head outputs into proposals with the semantics of torchvision's
 * {@code RegionProposalNetwork.filter_proposals}: per level, the pre-NMS top-k anchors by objectness; their deltas
 * decoded against the anchors; sigmoid scores; boxes clipped to the image; boxes narrower or lower than the minimum
 * size dropped; scores below the threshold dropped; NMS within each level (levels never suppress each other); the
 * post-NMS top-n by score. With {@link NmsMethod#SOFT_LINEAR} (not torchvision's; off by default) overlapping boxes
 * of a level are demoted by linear Soft-NMS instead of dropped.
 *
 * <p>Only the top-k candidates of each level are decoded, and NMS stops once post-NMS top-n boxes are kept: both give
 * the same result as torchvision's full computation. torchvision's {@code batched_nms} switches strategies by size
 * (one NMS over level-offset coordinates for up to 1000 boxes, per-level NMS above); this filter follows the same
 * switch so that float rounding, and hence every decision on the IoU threshold, matches.
 *
 * <p>Instances are immutable and thread-safe; work buffers are per thread. Build with {@link #builder()}.
 */
public final class ProposalFilter {
    /** torchvision's batched_nms runs per level on CPU above this many coordinates (1000 boxes). */
    private static final int COORDINATE_TRICK_MAX_NUMEL = 4000;

    private final int preNmsTopN;
    private final int postNmsTopN;
    private final double nmsThreshold;
    private final NmsMethod nmsMethod;
    private final float minSize;
    private final float scoreThreshold;
    private final BoxCoder boxCoder;
    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(Workspace::new);

    private ProposalFilter(Builder b) {
        this.preNmsTopN = b.preNmsTopN;
        this.postNmsTopN = b.postNmsTopN;
        this.nmsThreshold = b.nmsThreshold;
        this.nmsMethod = b.nmsMethod;
        this.minSize = (float) b.minSize;
        this.scoreThreshold = (float) b.scoreThreshold;
        this.boxCoder = b.boxCoder;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int preNmsTopN() {
        return preNmsTopN;
    }

    public int postNmsTopN() {
        return postNmsTopN;
    }

    public double nmsThreshold() {
        return nmsThreshold;
    }

    public NmsMethod nmsMethod() {
        return nmsMethod;
    }

    public float minSize() {
        return minSize;
    }

    public float scoreThreshold() {
        return scoreThreshold;
    }

    public BoxCoder boxCoder() {
        return boxCoder;
    }

    /**
     * Proposals for one image.
     *
     * @param levels the head's outputs per level
     * @param anchors the anchors of each level, as {@link AnchorGenerator#anchors} returns them
     * @param imageHeight height boxes are clipped to (the image's size before padding)
     * @param imageWidth width boxes are clipped to
     * @throws IllegalArgumentException if an objectness value or a decoded box is NaN or infinite
     */
    public Proposals filter(LevelPrediction[] levels, float[][] anchors, int imageHeight, int imageWidth) {
        if (levels.length != anchors.length) {
            throw new IllegalArgumentException(levels.length + " levels of predictions but " + anchors.length
                    + " levels of anchors");
        }
        if (imageHeight <= 0 || imageWidth <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + imageHeight + "x" + imageWidth);
        }
        Workspace ws = workspaces.get();
        int total = 0;
        for (int l = 0; l < levels.length; l++) {
            LevelPrediction p = levels[l];
            if (anchors[l].length != 4 * p.anchorCount()) {
                throw new IllegalArgumentException("level " + l + " predicts " + p.anchorCount() + " anchors but "
                        + anchors[l].length / 4 + " anchors were given");
            }
            total += Math.min(preNmsTopN, p.anchorCount());
        }
        ws.ensureCandidates(total);

        int m = 0;
        for (int l = 0; l < levels.length; l++) {
            m = collectTopK(l, levels[l], anchors[l], ws, m, imageHeight, imageWidth);
        }
        return suppress(ws, m, levels.length);
    }

    /** NMS per level over the m surviving candidates, then the post-NMS top-n. */
    private Proposals suppress(Workspace ws, int m, int levelCount) {
        if (m == 0) {
            return Proposals.EMPTY;
        }
        float[] boxes = ws.boxes;
        int kept;
        if (nmsMethod == NmsMethod.SOFT_LINEAR) {
            kept = ws.softNms.suppress(boxes, ws.scores, ws.levels, m, nmsThreshold, postNmsTopN, ws.keep,
                    ws.keptScores);
        } else {
            float[] nmsBoxes = boxes;
            if (4 * m <= COORDINATE_TRICK_MAX_NUMEL) {
                nmsBoxes = ws.offsetBoxes(m, levelCount);
            }
            int[] order = ws.nms.sortedOrder(ws.scores, m);
            kept = ws.nms.suppress(nmsBoxes, order, m, ws.levels, levelCount, nmsThreshold, postNmsTopN, ws.keep);
            for (int i = 0; i < kept; i++) {
                ws.keptScores[i] = ws.scores[ws.keep[i]];
            }
        }
        float[] outBoxes = new float[4 * kept];
        for (int i = 0; i < kept; i++) {
            System.arraycopy(boxes, 4 * ws.keep[i], outBoxes, 4 * i, 4);
        }
        return new Proposals(outBoxes, Arrays.copyOf(ws.keptScores, kept));
    }

    /**
     * Selects the level's top-k anchors by objectness (ties by torchvision's anchor index), decodes, clips and
     * filters them, and appends the survivors to the candidate list at {@code m}. Returns the new candidate count.
     */
    private int collectTopK(int level, LevelPrediction p, float[] anchors, Workspace ws, int m, int imageHeight,
            int imageWidth) {
        int a = p.anchorsPerLocation();
        int h = p.height();
        int w = p.width();
        int plane = h * w;
        int n = p.anchorCount();
        int k = Math.min(preNmsTopN, n);
        long[] keys = ws.keys(n);
        float[] obj = p.objectness();
        int base = p.objectnessOffset();
        for (int ai = 0; ai < a; ai++) {
            int src = base + ai * plane;
            for (int loc = 0; loc < plane; loc++) {
                float v = obj[src + loc];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("level " + level + ": objectness of anchor " + ai
                            + " at grid location (" + loc / w + ", " + loc % w + ") is " + v);
                }
                keys[loc * a + ai] = SortKeys.descending(v, loc * a + ai);
            }
        }
        LongSelect.smallest(keys, n, k);
        Arrays.sort(keys, 0, k);

        float[] deltas = p.deltas();
        int deltaBase = p.deltasOffset();
        for (int i = 0; i < k; i++) {
            int anchor = SortKeys.index(keys[i]);
            int loc = anchor / a;
            int ai = anchor - loc * a;
            if (addCandidate(level, anchor, SortKeys.value(keys[i]), deltas, deltaBase + 4 * ai * plane + loc, plane,
                    anchors, ws, m, imageHeight, imageWidth)) {
                m++;
            }
        }
        return m;
    }

    /**
     * Proposals for one image from candidates already selected per level (the pre-NMS top-k done elsewhere, for
     * example on the device that ran the network). Each level's candidates must come in descending objectness.
     */
    public Proposals filter(LevelCandidates[] levels, float[][] anchors, int imageHeight, int imageWidth) {
        if (levels.length != anchors.length) {
            throw new IllegalArgumentException(levels.length + " levels of candidates but " + anchors.length
                    + " levels of anchors");
        }
        Workspace ws = workspaces.get();
        int total = 0;
        for (LevelCandidates c : levels) {
            total += Math.min(preNmsTopN, c.count());
        }
        ws.ensureCandidates(total);
        int m = 0;
        for (int l = 0; l < levels.length; l++) {
            LevelCandidates c = levels[l];
            int anchorCount = anchors[l].length / 4;
            int k = Math.min(preNmsTopN, c.count());
            for (int i = 0; i < k; i++) {
                int anchor = c.anchorIndex()[i];
                if (anchor < 0 || anchor >= anchorCount) {
                    throw new IllegalArgumentException("level " + l + ": candidate " + i + " names anchor " + anchor
                            + " but the level has " + anchorCount + " anchors");
                }
                float logit = c.logits()[i];
                if (!Float.isFinite(logit)) {
                    throw new IllegalArgumentException("level " + l + ": objectness of anchor " + anchor + " is "
                            + logit);
                }
                if (addCandidate(l, anchor, logit, c.deltas(), 4 * i, 1, anchors[l], ws, m, imageHeight,
                        imageWidth)) {
                    m++;
                }
            }
        }
        return suppress(ws, m, levels.length);
    }

    /** Decodes, clips and filters one candidate; stores it at position m if it survives. */
    private boolean addCandidate(int level, int anchor, float logit, float[] deltas, int d, int deltaStride,
            float[] anchors, Workspace ws, int m, int imageHeight, int imageWidth) {
        float[] boxes = ws.boxes;
        int b = 4 * m;
        boxCoder.decode(deltas, d, deltaStride, anchors, 4 * anchor, boxes, b);
        float x1 = boxes[b];
        float y1 = boxes[b + 1];
        float x2 = boxes[b + 2];
        float y2 = boxes[b + 3];
        if (!Float.isFinite(x1) || !Float.isFinite(y1) || !Float.isFinite(x2) || !Float.isFinite(y2)) {
            throw new IllegalArgumentException("level " + level + ": anchor " + anchor
                    + " decodes to a non-finite box [" + x1 + ", " + y1 + ", " + x2 + ", " + y2
                    + "]: the box deltas are not finite");
        }
        x1 = Math.min(Math.max(x1, 0f), imageWidth);
        y1 = Math.min(Math.max(y1, 0f), imageHeight);
        x2 = Math.min(Math.max(x2, 0f), imageWidth);
        y2 = Math.min(Math.max(y2, 0f), imageHeight);
        if (!(x2 - x1 >= minSize && y2 - y1 >= minSize)) {
            return false;
        }
        float score = sigmoid(logit);
        if (!(score >= scoreThreshold)) {
            return false;
        }
        boxes[b] = x1;
        boxes[b + 1] = y1;
        boxes[b + 2] = x2;
        boxes[b + 3] = y2;
        ws.scores[m] = score;
        ws.levels[m] = level;
        return true;
    }

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-(double) x)));
    }

    /** Per-thread buffers, grown as needed and reused across calls. */
    private static final class Workspace {
        final Nms nms = new Nms();
        final SoftNms softNms = new SoftNms();
        long[] keys = new long[0];
        float[] boxes = new float[0];
        float[] shifted = new float[0];
        float[] scores = new float[0];
        int[] levels = new int[0];
        int[] keep = new int[0];
        float[] keptScores = new float[0];

        long[] keys(int n) {
            if (keys.length < n) {
                keys = new long[n];
            }
            return keys;
        }

        void ensureCandidates(int n) {
            if (scores.length < n) {
                boxes = new float[4 * n];
                shifted = new float[4 * n];
                scores = new float[n];
                levels = new int[n];
                keep = new int[n];
                keptScores = new float[n];
            }
        }

        /**
         * torchvision's coordinate trick: each level's boxes shifted by level * (max coordinate + 1), so one NMS
         * keeps levels apart. Reproduced because the shift changes float rounding in the IoU.
         */
        float[] offsetBoxes(int m, int levelCount) {
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < 4 * m; i++) {
                max = Math.max(max, boxes[i]);
            }
            float step = max + 1f;
            for (int i = 0; i < m; i++) {
                float offset = (float) levels[i] * step;
                int b = 4 * i;
                shifted[b] = boxes[b] + offset;
                shifted[b + 1] = boxes[b + 1] + offset;
                shifted[b + 2] = boxes[b + 2] + offset;
                shifted[b + 3] = boxes[b + 3] + offset;
            }
            return shifted;
        }
    }

    /** Builder with torchvision's inference defaults for a single-level RPN. */
    public static final class Builder {
        private int preNmsTopN = 1000;
        private int postNmsTopN = 1000;
        private double nmsThreshold = 0.7;
        private NmsMethod nmsMethod = NmsMethod.HARD;
        private double minSize = 1e-3;
        private double scoreThreshold = 0.0;
        private BoxCoder boxCoder = BoxCoder.rpn();

        private Builder() {}

        /** Candidates kept per level before NMS, by objectness (default 1000). */
        public Builder preNmsTopN(int n) {
            this.preNmsTopN = n;
            return this;
        }

        /** Proposals kept per image after NMS (default 1000). */
        public Builder postNmsTopN(int n) {
            this.postNmsTopN = n;
            return this;
        }

        /** Boxes whose IoU with a kept box of the same level exceeds this are suppressed (default 0.7). */
        public Builder nmsThreshold(double iou) {
            this.nmsThreshold = iou;
            return this;
        }

        /** Greedy NMS as torchvision (default) or linear Soft-NMS, both at {@link #nmsThreshold}. */
        public Builder nmsMethod(NmsMethod method) {
            this.nmsMethod = method;
            return this;
        }

        /** Boxes narrower or lower than this many pixels after clipping are dropped (default 1e-3). */
        public Builder minSize(double pixels) {
            this.minSize = pixels;
            return this;
        }

        /** Boxes with an objectness probability below this are dropped (default 0). */
        public Builder scoreThreshold(double probability) {
            this.scoreThreshold = probability;
            return this;
        }

        public Builder boxCoder(BoxCoder coder) {
            this.boxCoder = coder;
            return this;
        }

        public ProposalFilter build() {
            if (preNmsTopN <= 0) {
                throw new IllegalArgumentException("preNmsTopN must be positive, got " + preNmsTopN);
            }
            if (postNmsTopN <= 0) {
                throw new IllegalArgumentException("postNmsTopN must be positive, got " + postNmsTopN);
            }
            Nms.requireThreshold(nmsThreshold);
            if (!(minSize >= 0) || Double.isInfinite(minSize)) {
                throw new IllegalArgumentException("minSize must be a finite number of pixels >= 0, got " + minSize);
            }
            if (!Double.isFinite(scoreThreshold)) {
                throw new IllegalArgumentException("scoreThreshold must be finite, got " + scoreThreshold);
            }
            if (nmsMethod == null) {
                throw new IllegalArgumentException("an NMS method is required");
            }
            if (boxCoder == null) {
                throw new IllegalArgumentException("a box coder is required");
            }
            return new ProposalFilter(this);
        }
    }
}
