package io.vidprop.rpn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Anchors over the feature-map grid of each level, exactly as torchvision's {@code AnchorGenerator} makes them:
 * the same float32 arithmetic, the same half-to-even rounding of the cell anchors, and the same order
 * (location-major in row-major grid order, then anchor: aspect ratio major, size minor).
 *
 * <p>As in torchvision, a level's stride is the integer division of the (padded) image tensor size by the grid
 * size, so images whose size is not a multiple of the backbone's stride get the same anchors torchvision gives.
 *
 * <p>Grids are cached per (level, image size, grid size). Instances are thread-safe. Returned arrays are shared:
 * callers must not modify them.
 */
public final class AnchorGenerator {
    private static final int CACHE_ENTRIES = 64;

    private final float[][] cellAnchors;
    private final Map<GridKey, float[]> cache =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<GridKey, float[]> eldest) {
                    return size() > CACHE_ENTRIES;
                }
            };

    private record GridKey(int level, int imageHeight, int imageWidth, int gridHeight, int gridWidth) {}

    /**
     * @param sizes anchor sizes (square roots of the anchor areas, in pixels) per level
     * @param aspectRatios aspect ratios (height / width) per level
     */
    public AnchorGenerator(float[][] sizes, float[][] aspectRatios) {
        if (sizes.length == 0) {
            throw new IllegalArgumentException("an anchor generator needs at least one level");
        }
        if (sizes.length != aspectRatios.length) {
            throw new IllegalArgumentException("sizes are given for " + sizes.length
                    + " levels but aspect ratios for " + aspectRatios.length);
        }
        cellAnchors = new float[sizes.length][];
        for (int level = 0; level < sizes.length; level++) {
            cellAnchors[level] = cellAnchors(level, sizes[level], aspectRatios[level]);
        }
    }

    private static float[] cellAnchors(int level, float[] sizes, float[] ratios) {
        if (sizes.length == 0 || ratios.length == 0) {
            throw new IllegalArgumentException("level " + level + " needs at least one anchor size and one aspect ratio");
        }
        for (float s : sizes) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("level " + level + ": anchor size " + s + " must be positive and finite");
            }
        }
        for (float r : ratios) {
            if (!(r > 0) || Float.isInfinite(r)) {
                throw new IllegalArgumentException("level " + level + ": aspect ratio " + r + " must be positive and finite");
            }
        }
        float[] out = new float[ratios.length * sizes.length * 4];
        int o = 0;
        for (float ratio : ratios) {
            float hRatio = (float) Math.sqrt(ratio);
            float wRatio = 1f / hRatio;
            for (float size : sizes) {
                float ws = wRatio * size;
                float hs = hRatio * size;
                out[o++] = (float) Math.rint(-ws / 2f);
                out[o++] = (float) Math.rint(-hs / 2f);
                out[o++] = (float) Math.rint(ws / 2f);
                out[o++] = (float) Math.rint(hs / 2f);
            }
        }
        return out;
    }

    public int levels() {
        return cellAnchors.length;
    }

    /** Anchors per grid location at this level: sizes × aspect ratios. */
    public int anchorsPerLocation(int level) {
        return cellAnchors[level].length / 4;
    }

    /** The anchors centred on (0, 0), as x1, y1, x2, y2, in torchvision's order. */
    public float[] cellAnchors(int level) {
        return cellAnchors[level].clone();
    }

    /**
     * The anchors of one level over a grid of {@code gridHeight × gridWidth} locations for an image tensor of
     * {@code imageHeight × imageWidth} pixels: {@code gridHeight * gridWidth * anchorsPerLocation(level)} boxes as
     * x1, y1, x2, y2. The array is shared and must not be modified.
     */
    public float[] anchors(int level, int imageHeight, int imageWidth, int gridHeight, int gridWidth) {
        if (level < 0 || level >= cellAnchors.length) {
            throw new IllegalArgumentException("level " + level + " does not exist: the generator has "
                    + cellAnchors.length + " levels");
        }
        if (gridHeight <= 0 || gridWidth <= 0 || imageHeight < gridHeight || imageWidth < gridWidth) {
            throw new IllegalArgumentException("level " + level + ": a " + gridHeight + "x" + gridWidth
                    + " feature grid does not fit a " + imageHeight + "x" + imageWidth + " image");
        }
        GridKey key = new GridKey(level, imageHeight, imageWidth, gridHeight, gridWidth);
        synchronized (cache) {
            float[] cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        float[] grid = grid(cellAnchors[level], imageHeight / gridHeight, imageWidth / gridWidth, gridHeight, gridWidth);
        synchronized (cache) {
            cache.put(key, grid);
        }
        return grid;
    }

    private static float[] grid(float[] cell, int strideY, int strideX, int gridHeight, int gridWidth) {
        int a4 = cell.length;
        float[] out = new float[gridHeight * gridWidth * a4];
        int o = 0;
        for (int y = 0; y < gridHeight; y++) {
            float sy = (float) y * strideY;
            for (int x = 0; x < gridWidth; x++) {
                float sx = (float) x * strideX;
                for (int k = 0; k < a4; k += 4) {
                    out[o++] = sx + cell[k];
                    out[o++] = sy + cell[k + 1];
                    out[o++] = sx + cell[k + 2];
                    out[o++] = sy + cell[k + 3];
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AnchorGenerator[");
        for (int l = 0; l < cellAnchors.length; l++) {
            sb.append(l == 0 ? "" : ", ").append(Arrays.toString(cellAnchors[l]));
        }
        return sb.append(']').toString();
    }
}
