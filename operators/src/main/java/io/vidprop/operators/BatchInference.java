package io.vidprop.operators;

import io.vidprop.image.RgbImage;
import io.vidprop.rpn.Proposals;
import java.util.List;

/** Runs a batch of images through a model: what the proposal operator calls for each batch. */
@FunctionalInterface
public interface BatchInference {
    /** Proposals for each image, in order; any exception means the batch failed. */
    List<Proposals> propose(List<RgbImage> images);
}
