package io.vidprop.labels;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Ground-truth boxes of a video, by frame index (0 = the file's first frame): x1, y1, x2, y2 per box in the frame's
 * pixels. A frame that is listed with no boxes is labelled as empty; a frame that is not listed is unlabelled.
 */
public final class FrameLabels {
    private final NavigableMap<Long, float[]> boxes;
    private final int width;
    private final int height;

    private FrameLabels(NavigableMap<Long, float[]> boxes, int width, int height) {
        this.boxes = Collections.unmodifiableNavigableMap(boxes);
        this.width = width;
        this.height = height;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The labelled frames, in order. */
    public NavigableMap<Long, float[]> byFrame() {
        return boxes;
    }

    /** The boxes of a labelled frame, or null for a frame without labels. */
    public float[] boxes(long frame) {
        return boxes.get(frame);
    }

    public int frameCount() {
        return boxes.size();
    }

    public int boxCount() {
        int n = 0;
        for (float[] b : boxes.values()) {
            n += b.length / 4;
        }
        return n;
    }

    /** The frame size the labels were made on, or 0 where the file does not say. */
    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Only the frames in [first, last]. */
    public FrameLabels range(long first, long last) {
        return new FrameLabels(new TreeMap<>(boxes.subMap(first, true, last, true)), width, height);
    }

    /** Collects boxes frame by frame; {@link #build()} checks them. */
    public static final class Builder {
        private final TreeMap<Long, FloatList> boxes = new TreeMap<>();
        private int width;
        private int height;

        private Builder() {}

        /** Marks a frame as labelled (possibly with no boxes). */
        public Builder frame(long frame) {
            if (frame < 0) {
                throw new IllegalArgumentException("frame indices start at 0, got " + frame);
            }
            boxes.computeIfAbsent(frame, f -> new FloatList());
            return this;
        }

        public Builder box(long frame, float x1, float y1, float x2, float y2) {
            if (!(x2 > x1) || !(y2 > y1) || !Float.isFinite(x1) || !Float.isFinite(y1)) {
                throw new IllegalArgumentException("frame " + frame + ": box (" + x1 + ", " + y1 + ", " + x2 + ", "
                        + y2 + ") has no area");
            }
            frame(frame);
            boxes.get(frame).add(x1, y1, x2, y2);
            return this;
        }

        public Builder frameSize(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        public FrameLabels build() {
            TreeMap<Long, float[]> out = new TreeMap<>();
            for (Map.Entry<Long, FloatList> e : boxes.entrySet()) {
                out.put(e.getKey(), e.getValue().toArray());
            }
            return new FrameLabels(out, width, height);
        }
    }

    private static final class FloatList {
        private float[] values = new float[16];
        private int size;

        void add(float a, float b, float c, float d) {
            if (size + 4 > values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = a;
            values[size++] = b;
            values[size++] = c;
            values[size++] = d;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
