package io.vidprop.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.synth.SyntheticDataset.Split;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CameraFamiliesTest {
    private static final CameraFamilies ALL_BUT_STREET = CameraFamilies.parse("indoor=1,overhead=1,close-up=1");

    /** A digest of the pixels and boxes of frames of the camera-style test split. */
    private static long digest(SyntheticDataset d, int frames) {
        long h = 1;
        for (int i = 0; i < frames; i += 7) {
            SyntheticFrame f = d.frame(Split.TEST, i);
            h = 31 * h + Arrays.hashCode(f.image().pixels());
            h = 31 * h + Arrays.hashCode(f.boxes());
        }
        return h;
    }

    @Test
    void streetOnlyScenesAreTheCameraScenesEveryEarlierSplitWasMadeOf() {
        // The digest of these frames as drawn before the other families existed: the camera-style test split that
        // DefaultModelTest measures must not change under it.
        SceneConfig camera = SceneConfig.builder().framesPerScene(4).style(SceneStyle.CAMERA).build();
        assertEquals(4438089339086270773L, digest(new SyntheticDataset(1, camera), 120));
    }

    @Test
    void parsesWeightsAndRefusesUnknownFamiliesAndBadWeights() {
        assertEquals(new CameraFamilies(0.4, 0.25, 0.2, 0.15),
                CameraFamilies.parse("street=0.4, indoor=0.25,overhead=0.2,close-up=0.15"));
        assertEquals(new CameraFamilies(0, 2, 0, 0), CameraFamilies.parse("INDOOR=2"));
        assertEquals("unknown camera family \"garden\" in \"garden=1\": street, indoor, overhead or close-up",
                assertThrows(IllegalArgumentException.class, () -> CameraFamilies.parse("garden=1")).getMessage());
        assertEquals("the weight of street is not a number: \"x\"",
                assertThrows(IllegalArgumentException.class, () -> CameraFamilies.parse("street=x")).getMessage());
        assertEquals("camera families are NAME=WEIGHT pairs, got \"street\" in \"street\"",
                assertThrows(IllegalArgumentException.class, () -> CameraFamilies.parse("street")).getMessage());
        assertEquals("family weights are finite and >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> CameraFamilies.parse("street=-1")).getMessage());
        assertEquals("at least one camera family needs a positive weight",
                assertThrows(IllegalArgumentException.class, () -> CameraFamilies.parse("street=0")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SceneConfig.builder().lowLightShare(1.5).build());
    }

    @Test
    void everyFamilyIsDrawnInProportionDeterministicallyWithBoxesInsideTheFrame() {
        SceneConfig config = SceneConfig.builder().framesPerScene(2).style(SceneStyle.CAMERA)
                .cameraFamilies(ALL_BUT_STREET).lowLightShare(0.5).build();
        SyntheticDataset a = new SyntheticDataset(3, config);
        SyntheticDataset b = new SyntheticDataset(3, config);
        Map<CameraFamily, Integer> scenes = new EnumMap<>(CameraFamily.class);
        Map<CameraFamily, Integer> boxes = new EnumMap<>(CameraFamily.class);
        Map<CameraFamily, Integer> large = new EnumMap<>(CameraFamily.class);
        int grey = 0;
        for (int v = 0; v < 36; v++) {
            CameraFamily family = a.cameraScene(Split.TRAIN, v).family();
            scenes.merge(family, 1, Integer::sum);
            SyntheticFrame f = a.frame(Split.TRAIN, 2L * v + 1);
            SyntheticFrame g = b.frame(Split.TRAIN, 2L * v + 1);
            assertArrayEquals(f.image().pixels(), g.image().pixels());
            assertArrayEquals(f.boxes(), g.boxes());
            int w = f.image().width();
            int h = f.image().height();
            float[] x = f.boxes();
            for (int k = 0; k < x.length; k += 4) {
                assertTrue(x[k] >= 0 && x[k + 1] >= 0 && x[k + 2] <= w && x[k + 3] <= h, Arrays.toString(x));
                boxes.merge(family, 1, Integer::sum);
                if ((x[k + 2] - x[k]) * (x[k + 3] - x[k + 1]) > 0.1 * w * h) {
                    large.merge(family, 1, Integer::sum);
                }
            }
            grey += isGrey(f) ? 1 : 0;
        }
        assertEquals(null, scenes.get(CameraFamily.STREET));
        for (CameraFamily family : new CameraFamily[] {CameraFamily.INDOOR, CameraFamily.OVERHEAD,
                CameraFamily.CLOSE_UP}) {
            assertTrue(scenes.getOrDefault(family, 0) >= 6, family + ": " + scenes);
            assertTrue(boxes.getOrDefault(family, 0) >= scenes.get(family), family + " boxes: " + boxes);
        }
        // Close-ups are what their name says: many of their objects cover a tenth of the frame or more.
        assertTrue(large.getOrDefault(CameraFamily.CLOSE_UP, 0) * 3 >= boxes.get(CameraFamily.CLOSE_UP),
                "large close-up boxes: " + large + " of " + boxes);
        // Half the scenes are in low light, half of those from a grey (infrared) camera.
        assertTrue(grey >= 3 && grey <= 16, grey + " grey frames of 36");
    }

    private static boolean isGrey(SyntheticFrame f) {
        byte[] p = f.image().pixels();
        long spread = 0;
        for (int i = 0; i + 2 < p.length; i += 3) {
            spread += Math.abs((p[i] & 0xff) - (p[i + 1] & 0xff)) + Math.abs((p[i + 1] & 0xff) - (p[i + 2] & 0xff));
        }
        return spread < 3L * p.length / 3;
    }
}
