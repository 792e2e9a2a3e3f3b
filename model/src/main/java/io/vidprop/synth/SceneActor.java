package io.vidprop.synth;

import java.awt.Shape;
import java.util.List;

/**
 * A moving object of a camera scene: where it stands at frame 0 ({@code x0}, and {@code foot0}, the row it stands
 * on, or its centre row when seen from above), its velocity in pixels per frame, and its silhouette's parts at each
 * frame. Its size is {@link #heightScale()} times the view's person height at its row.
 */
interface SceneActor {
    double x0();

    double foot0();

    double vx();

    double vy();

    double heightScale();

    /** The parts of the object at frame {@code index}, standing at (cx, foot), {@code h} tall (or long). */
    List<Part> parts(double cx, double foot, double h, int index);

    /** A part of an object's silhouette and how it is painted (a Color or a TexturePaint). */
    record Part(Shape shape, Object paint) {}
}
