package io.vidprop.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.synth.SceneActor.Part;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.geom.Area;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SceneActorsTest {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;

    private static Area silhouette(List<Part> parts) {
        Area a = new Area();
        for (Part p : parts) {
            a.add(new Area(p.shape()));
        }
        return a;
    }

    @Test
    void handsReachInFromAnEdgeCutByTheFrame() {
        Random r = new Random(7);
        Rectangle frame = new Rectangle(0, 0, WIDTH, HEIGHT);
        int hands = 0;
        int corners = 0;
        for (int i = 0; i < 400; i++) {
            OverheadActor a = OverheadActor.random(r, WIDTH, HEIGHT, true);
            if (a.kind() != OverheadActor.Kind.HAND) {
                continue;
            }
            hands++;
            Area s = silhouette(a.parts(a.x0(), a.foot0(), 0.3 * HEIGHT * a.heightScale(), 0));
            Area inside = new Area(frame);
            inside.intersect(s);
            assertTrue(!inside.isEmpty(), "hand " + i + " is in the frame");
            assertTrue(!frame.contains(s.getBounds2D()), "hand " + i + " is cut by the frame's edge");
            Rectangle2D seen = inside.getBounds2D();
            boolean atSide = seen.getMinX() <= 0 || seen.getMaxX() >= WIDTH;
            boolean atTopOrBottom = seen.getMinY() <= 0 || seen.getMaxY() >= HEIGHT;
            if (atSide && atTopOrBottom) {
                corners++;
            }
        }
        // A fifth of a table's objects. A third reach in at a corner, and what shows of them touches two edges (of
        // hands along an edge, about one in twenty).
        assertTrue(hands > 50 && hands < 110, hands + " hands of 400 objects");
        assertTrue(corners >= hands / 5 && corners <= hands / 2, corners + " of " + hands + " hands cut by two edges");
    }

    @Test
    void anAnimalIsOneSilhouetteWithItsEyesAndNoseInsideIt() {
        Random r = new Random(11);
        CameraView view = new CameraView(WIDTH, HEIGHT, 0.2 * HEIGHT, 1.2 * HEIGHT, 0.25 * HEIGHT, 1.3 * HEIGHT);
        int[] floor = new int[WIDTH * HEIGHT];
        for (int i = 0; i < 60; i++) {
            AnimalActor a = AnimalActor.random(r, view, floor);
            double h = view.personHeight(a.foot0()) * a.heightScale();
            List<Part> parts = a.parts(a.x0(), a.foot0(), h, 3);
            Area fur = new Area();
            Area dark = new Area();
            for (Part p : parts) {
                (p.paint() instanceof Color ? dark : fur).add(new Area(p.shape()));
            }
            assertTrue(!dark.isEmpty(), "animal " + i + " has eyes and a nose");
            Rectangle2D d = dark.getBounds2D();
            Area outside = new Area(dark);
            outside.subtract(fur);
            // The features lie on the fur (the side-on head is small, so allow its rim), well inside the box.
            assertTrue(area(outside) <= 0.05 * area(dark), "animal " + i + (a.lying() ? " lying" : " standing")
                    + ": eyes and nose on the fur, " + area(outside) + " of " + area(dark) + " px off it");
            Rectangle2D box = silhouette(parts).getBounds2D();
            assertTrue(box.getWidth() > 2.5 * d.getWidth() || box.getHeight() > 2.5 * d.getHeight(),
                    "animal " + i + ": its box is the whole animal, not its face");
            assertEquals(h, box.getHeight(), 0.12 * h, "animal " + i + " is as tall as it is drawn");
        }
    }

    private static double area(Area a) {
        Rectangle b = a.getBounds();
        int inside = 0;
        for (int y = b.y; y < b.y + b.height; y++) {
            for (int x = b.x; x < b.x + b.width; x++) {
                if (a.contains(x + 0.5, y + 0.5)) {
                    inside++;
                }
            }
        }
        return inside;
    }
}
