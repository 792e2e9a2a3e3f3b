package io.vidprop.rpn;

/** Intersection over union of two x1, y1, x2, y2 boxes, in float32 as torchvision's box_iou; 0 when both are empty. */
public final class BoxIou {
    private BoxIou() {}

    public static float iou(float[] a, int i, float[] b, int j) {
        float areaA = (a[i + 2] - a[i]) * (a[i + 3] - a[i + 1]);
        float areaB = (b[j + 2] - b[j]) * (b[j + 3] - b[j + 1]);
        float w = Math.max(0f, Math.min(a[i + 2], b[j + 2]) - Math.max(a[i], b[j]));
        float h = Math.max(0f, Math.min(a[i + 3], b[j + 3]) - Math.max(a[i + 1], b[j + 1]));
        float inter = w * h;
        float union = areaA + areaB - inter;
        return union > 0 ? inter / union : 0f;
    }
}
