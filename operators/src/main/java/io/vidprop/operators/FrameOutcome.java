package io.vidprop.operators;

import io.vidprop.rpn.Proposals;

/** What the model made of one frame of a batch: its proposals, or the failure of the frame run alone. */
sealed interface FrameOutcome {
    record Proposed(Proposals proposals) implements FrameOutcome {}

    record Failed(RuntimeException error) implements FrameOutcome {}
}
