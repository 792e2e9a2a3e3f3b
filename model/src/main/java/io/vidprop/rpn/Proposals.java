package io.vidprop.rpn;

/**
 * Region proposals of one image in descending score order: {@code boxes} holds x1, y1, x2, y2 per proposal,
 * {@code scores} the objectness probability.
 */
public record Proposals(float[] boxes, float[] scores) {
    public static final Proposals EMPTY = new Proposals(new float[0], new float[0]);

    public Proposals {
        if (boxes.length != 4 * scores.length) {
            throw new IllegalArgumentException(boxes.length + " coordinates do not make " + scores.length + " boxes");
        }
    }

    public int size() {
        return scores.length;
    }

    public float x1(int i) {
        return boxes[4 * i];
    }

    public float y1(int i) {
        return boxes[4 * i + 1];
    }

    public float x2(int i) {
        return boxes[4 * i + 2];
    }

    public float y2(int i) {
        return boxes[4 * i + 3];
    }

    public float score(int i) {
        return scores[i];
    }
}
