package io.vidprop.testing;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Real, hand-labelled footage: frames 120 to 179 of OpenCV's {@code vtest.avi} (pedestrians, a fixed camera) and
 * their COCO labels; see {@code footage/README.md} beside this class.
 */
public final class TestFootage {
    /** Frames in {@link #clip}. */
    public static final int CLIP_FRAMES = 60;

    private TestFootage() {}

    /** Writes the clip into {@code dir} and returns its path. */
    public static Path clip(Path dir) throws IOException {
        return TestResources.copy("footage/vtest-120-179.avi", dir.resolve("vtest-120-179.avi"));
    }

    /** Writes the clip's COCO labels into {@code dir} and returns their path. */
    public static Path labels(Path dir) throws IOException {
        return TestResources.copy("footage/vtest-120-179.coco.json", dir.resolve("vtest-120-179.coco.json"));
    }
}
