package io.vidprop.synth;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.util.Random;

/**
 * The shadows a camera scene's objects cast on the ground (or none): one sun for the scene, so every shadow has the
 * same shear, length and darkness. Shadows are background, never objects.
 *
 * @param shear horizontal shift of a point's shadow per unit of its height above the feet
 * @param length the shadow's height as a share of the object's (negative: cast towards the camera)
 */
record Shadows(boolean cast, double shear, double length, float alpha) {
    static Shadows random(Random r) {
        boolean cast = r.nextDouble() < 0.6;
        double shear = (r.nextBoolean() ? 1 : -1) * (0.2 + 1.2 * r.nextDouble());
        double length = (r.nextDouble() < 0.7 ? 1 : -1) * (0.15 + 0.45 * r.nextDouble());
        float alpha = (float) (0.25 + 0.3 * r.nextDouble());
        return new Shadows(cast, shear, length, alpha);
    }

    /** No shadows (objects seen from above). */
    static Shadows none() {
        return new Shadows(false, 0, 0, 0);
    }

    /** Darkens the ground under the shadow of {@code silhouette}, whose feet are at row {@code foot}. */
    void draw(Graphics2D g, Shape silhouette, double foot) {
        // Points at height d above the feet land d * length above them, sheared.
        AffineTransform t = new AffineTransform(1, 0, -shear, length, shear * foot, (1 - length) * foot);
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, alpha));
        g.setColor(Color.BLACK);
        g.fill(t.createTransformedShape(silhouette));
        g.setComposite(AlphaComposite.SrcOver);
    }
}
