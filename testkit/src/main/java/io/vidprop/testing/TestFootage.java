package io.vidprop.testing;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Real, hand-labelled footage: frames 120 to 179 of OpenCV's {@code vtest.avi} (pedestrians, a fixed camera) and
 * their COCO labels; and the real-footage panel, eight recordings with hand-checked labels; see
 * {@code footage/README.md} and {@code footage/panel/README.md} beside this class.
 */
public final class TestFootage {
    /** Frames in {@link #clip}. */
    public static final int CLIP_FRAMES = 60;

    /** The panel's recordings: file names in {@code footage/panel/}, each with {@code NAME.coco.json} beside it. */
    public static final java.util.List<String> PANEL = java.util.List.of("motion.mov", "Effet_force_magnetique.ogv",
            "Principe_inertie.avi", "g1.avi", "g2.avi", "balle-jbart.mp4", "balle1-vp9.avi",
            "VID_20191220_170832.mp4");

    private TestFootage() {}

    /** Writes a panel recording (a name of {@link #PANEL}) into {@code dir} and returns its path. */
    public static Path panelVideo(String name, Path dir) throws IOException {
        return TestResources.copy("footage/panel/" + name, dir.resolve(name));
    }

    /** Writes a panel recording's COCO labels into {@code dir} and returns their path. */
    public static Path panelLabels(String name, Path dir) throws IOException {
        String labels = name.substring(0, name.lastIndexOf('.')) + ".coco.json";
        return TestResources.copy("footage/panel/" + labels, dir.resolve(labels));
    }

    /** Writes the clip into {@code dir} and returns its path. */
    public static Path clip(Path dir) throws IOException {
        return TestResources.copy("footage/vtest-120-179.avi", dir.resolve("vtest-120-179.avi"));
    }

    /** Writes the clip's COCO labels into {@code dir} and returns their path. */
    public static Path labels(Path dir) throws IOException {
        return TestResources.copy("footage/vtest-120-179.coco.json", dir.resolve("vtest-120-179.coco.json"));
    }
}
