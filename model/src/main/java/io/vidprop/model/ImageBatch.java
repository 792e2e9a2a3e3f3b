package io.vidprop.model;

/**
 * Images resized, normalised and padded into one tensor {@code [N, 3, tensorHeight, tensorWidth]}, with each image's
 * size before and after resizing so proposals can be clipped and mapped back.
 */
public record ImageBatch(
        float[] data,
        int count,
        int tensorHeight,
        int tensorWidth,
        int[] originalHeights,
        int[] originalWidths,
        int[] resizedHeights,
        int[] resizedWidths) {}
