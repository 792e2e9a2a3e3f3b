package io.vidprop.rpn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.vidprop.vpt.VptFile;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoxCoderTest {

    @Test
    void decodeAndEncodeEqualTorchvision() {
        VptFile f = Fixtures.file("box_coder");
        float[] anchors = f.floats("anchors");
        float[] deltas = f.floats("deltas");
        float[] gt = f.floats("gt");
        int n = anchors.length / 4;
        BoxCoder[] coders = {new BoxCoder(1, 1, 1, 1), new BoxCoder(10, 10, 5, 5)};
        String[] names = {"unit", "rcnn"};
        for (int c = 0; c < coders.length; c++) {
            float[] decoded = new float[4 * n];
            coders[c].decode(deltas, anchors, n, decoded);
            assertWithin(f.floats("decoded_" + names[c]), decoded, 1e-3f, "decode " + names[c]);
            float[] encoded = new float[4 * n];
            coders[c].encode(gt, anchors, n, encoded);
            assertClose(f.floats("encoded_" + names[c]), encoded, 1e-5f, "encode " + names[c]);
        }
    }

    @Test
    void decodeClampsWidthAndHeightDeltas() {
        BoxCoder coder = BoxCoder.rpn();
        float[] anchor = {0, 0, 16, 16};
        float[] out = new float[4];
        coder.decode(new float[] {0, 0, 100, 100}, anchor, 1, out);
        // exp(log(1000/16)) * 16 = 1000 pixels wide and high, centred on the anchor's centre.
        assertEquals(-492f, out[0], 1e-3f);
        assertEquals(508f, out[2], 1e-3f);
        assertEquals(1000f, out[3] - out[1], 1e-3f);
    }

    @Test
    void encodeThenDecodeRoundTrips() {
        Random random = new Random(3);
        BoxCoder[] coders = {BoxCoder.rpn(), new BoxCoder(10, 10, 5, 5)};
        for (BoxCoder coder : coders) {
            for (int i = 0; i < 10_000; i++) {
                float[] anchor = randomBox(random);
                float[] box = randomBox(random);
                float[] code = new float[4];
                coder.encode(box, 0, anchor, 0, code, 0);
                float[] back = new float[4];
                coder.decode(code, 0, 1, anchor, 0, back, 0);
                assertWithin(box, back, 1e-3f, "round trip " + i);
            }
        }
    }

    @Test
    void deltasAreReadWithAChannelStride() {
        // Channel-major layout: component k of the box sits k * stride after component 0.
        float[] chw = {0.5f, 99, 0.25f, 99, 0, 99, 0, 99};
        float[] out = new float[4];
        BoxCoder.rpn().decode(chw, 0, 2, new float[] {0, 0, 10, 20}, 0, out, 0);
        assertEquals(5f, out[0], 1e-6f);
        assertEquals(5f, out[1], 1e-6f);
        assertEquals(15f, out[2], 1e-6f);
        assertEquals(25f, out[3], 1e-6f);
    }

    @Test
    void rejectsBadWeights() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BoxCoder(1, 0, 1, 1));
        assertEquals("box coder weights must be positive and finite, got 1.0, 0.0, 1.0, 1.0", e.getMessage());
    }

    /** Sides of 10 to 310 pixels: size ratios stay under the clamp's 62.5, so decoding inverts encoding. */
    private static float[] randomBox(Random random) {
        float x = random.nextFloat() * 500 - 50;
        float y = random.nextFloat() * 500 - 50;
        return new float[] {x, y, x + 10 + random.nextFloat() * 300, y + 10 + random.nextFloat() * 300};
    }

    static void assertWithin(float[] expected, float[] actual, float pixels, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= pixels)) {
                fail(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    static void assertClose(float[] expected, float[] actual, float relTolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            float tol = relTolerance * Math.max(1f, Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                fail(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }
}
