package io.vidprop.synth;

/** What kind of view a camera-style scene shows ({@link CameraScene}). */
public enum CameraFamily {
    /** A street or square seen from a raised camera: people and vehicles on a ground plane in perspective. */
    STREET,
    /** A room: walls, a floor of boards or tiles, doors and furniture; people close to the camera, some standing still. */
    INDOOR,
    /** Straight down on a car park, a yard or a table: cars, people, discs, pens and boxes seen from above. */
    OVERHEAD,
    /** A room seen from close by: one to three objects large in the frame, often cut by its edges. */
    CLOSE_UP
}
