package io.vidprop.synth;

/** Which generator draws a synthetic scene (see {@link SceneConfig}). */
public enum SceneStyle {
    /** {@link SyntheticVideo}: shapes and textured patches over a gradient; every split before camera-style scenes were added. */
    CLASSIC,
    /** {@link CameraScene}: a fixed camera's view: photographs, a ground plane, people, vehicles, shadows. */
    CAMERA,
    /** A share of the scenes camera-style ({@code cameraShare}), the rest classic. */
    MIXED
}
