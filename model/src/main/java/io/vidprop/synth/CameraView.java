package io.vidprop.synth;

/**
 * A fixed camera's view of a ground plane: the frame size, the horizon's row (negative when it lies above the frame,
 * as for a camera looking down), how tall a person is at the bottom row, and the highest and lowest rows objects stand
 * on (the lowest below the frame for a camera close to them).
 */
record CameraView(int width, int height, double horizon, double bottomHeight, double minFoot, double maxFoot) {
    /** How tall a person standing with their feet at row {@code foot} is. */
    double personHeight(double foot) {
        return bottomHeight * Math.max(0.0, (foot - horizon) / (height - horizon));
    }
}
