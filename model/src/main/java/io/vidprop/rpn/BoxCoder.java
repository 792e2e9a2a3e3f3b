package io.vidprop.rpn;

/**
 * Encodes boxes relative to reference boxes (anchors) as (dx, dy, dw, dh) and decodes them back, with the same
 * weights, the same clamp of dw/dh (log(1000/16) by default) and the same float32 arithmetic as torchvision's
 * {@code BoxCoder}. Boxes are x1, y1, x2, y2. Instances are immutable and thread-safe.
 */
public final class BoxCoder {
    /** torchvision's default clamp of dw and dh before exp: log(1000 / 16). */
    public static final double DEFAULT_CLIP = Math.log(1000.0 / 16);

    private final float wx;
    private final float wy;
    private final float ww;
    private final float wh;
    private final float clip;

    public BoxCoder(double wx, double wy, double ww, double wh) {
        this(wx, wy, ww, wh, DEFAULT_CLIP);
    }

    public BoxCoder(double wx, double wy, double ww, double wh, double clip) {
        for (double w : new double[] {wx, wy, ww, wh}) {
            if (!(w > 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("box coder weights must be positive and finite, got "
                        + wx + ", " + wy + ", " + ww + ", " + wh);
            }
        }
        if (Double.isNaN(clip)) {
            throw new IllegalArgumentException("box coder clip must not be NaN");
        }
        this.wx = (float) wx;
        this.wy = (float) wy;
        this.ww = (float) ww;
        this.wh = (float) wh;
        this.clip = (float) clip;
    }

    /** The RPN's coder: weights (1, 1, 1, 1), clamp log(1000/16). */
    public static BoxCoder rpn() {
        return new BoxCoder(1, 1, 1, 1);
    }

    public float[] weights() {
        return new float[] {wx, wy, ww, wh};
    }

    public float clip() {
        return clip;
    }

    /**
     * Decodes one box. Reads dx, dy, dw, dh at {@code deltas[d], deltas[d + deltaStride], ...} so deltas can be read
     * straight out of a channel-major network output; writes x1, y1, x2, y2 at {@code out[o..o+3]}.
     */
    public void decode(float[] deltas, int d, int deltaStride, float[] anchors, int a, float[] out, int o) {
        float width = anchors[a + 2] - anchors[a];
        float height = anchors[a + 3] - anchors[a + 1];
        float ctrX = anchors[a] + 0.5f * width;
        float ctrY = anchors[a + 1] + 0.5f * height;

        float dx = deltas[d] / wx;
        float dy = deltas[d + deltaStride] / wy;
        float dw = Math.min(deltas[d + 2 * deltaStride] / ww, clip);
        float dh = Math.min(deltas[d + 3 * deltaStride] / wh, clip);

        float predCtrX = dx * width + ctrX;
        float predCtrY = dy * height + ctrY;
        float halfW = 0.5f * ((float) Math.exp(dw) * width);
        float halfH = 0.5f * ((float) Math.exp(dh) * height);

        out[o] = predCtrX - halfW;
        out[o + 1] = predCtrY - halfH;
        out[o + 2] = predCtrX + halfW;
        out[o + 3] = predCtrY + halfH;
    }

    /** Decodes {@code n} boxes stored as consecutive (dx, dy, dw, dh) against consecutive anchors. */
    public void decode(float[] deltas, float[] anchors, int n, float[] out) {
        for (int i = 0; i < n; i++) {
            decode(deltas, 4 * i, 1, anchors, 4 * i, out, 4 * i);
        }
    }

    /** Encodes box {@code b} relative to reference box {@code r}, writing dx, dy, dw, dh at {@code out[o..o+3]}. */
    public void encode(float[] boxes, int b, float[] refs, int r, float[] out, int o) {
        float exWidth = refs[r + 2] - refs[r];
        float exHeight = refs[r + 3] - refs[r + 1];
        float exCtrX = refs[r] + 0.5f * exWidth;
        float exCtrY = refs[r + 1] + 0.5f * exHeight;

        float gtWidth = boxes[b + 2] - boxes[b];
        float gtHeight = boxes[b + 3] - boxes[b + 1];
        float gtCtrX = boxes[b] + 0.5f * gtWidth;
        float gtCtrY = boxes[b + 1] + 0.5f * gtHeight;

        out[o] = wx * (gtCtrX - exCtrX) / exWidth;
        out[o + 1] = wy * (gtCtrY - exCtrY) / exHeight;
        out[o + 2] = ww * (float) Math.log(gtWidth / exWidth);
        out[o + 3] = wh * (float) Math.log(gtHeight / exHeight);
    }

    /** Encodes {@code n} consecutive boxes relative to {@code n} consecutive reference boxes. */
    public void encode(float[] boxes, float[] refs, int n, float[] out) {
        for (int i = 0; i < n; i++) {
            encode(boxes, 4 * i, refs, 4 * i, out, 4 * i);
        }
    }
}
