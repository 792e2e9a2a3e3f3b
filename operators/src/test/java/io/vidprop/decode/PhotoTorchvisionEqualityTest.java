package io.vidprop.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.Device;
import io.vidprop.model.ProposalModel;
import io.vidprop.rpn.BoxIou;
import io.vidprop.rpn.Proposals;
import io.vidprop.vpt.VptFile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From the encoded bytes of real photographs to proposals, against torchvision's own model.transform, backbone and
 * RegionProposalNetwork on the same bytes ({@code tools/rpn_fixtures.py}, photo_fixture; the ONNX fixture model).
 * Decoded at full size, vidprop's path equals torchvision's; decoded at reduced scale (JPEG DCT scaling, what the
 * operator does when the model shrinks the frame anyway) the pixels differ and so do the proposals: that difference is
 * measured as the share of torchvision's top proposals that vidprop also finds (IoU >= 0.7), and bounded here.
 */
class PhotoTorchvisionEqualityTest {
    /** The model module's fixture (its test jar's fixtures/onnx_fpn), copied to files for ProposalModel.load. */
    static final String FIXTURE = "/fixtures/onnx_fpn/";
    static final int PHOTOS = 4;

    @TempDir
    static Path fixture;
    static VptFile expected;
    static ProposalModel model;

    @BeforeAll
    static void load() throws Exception {
        for (String name : List.of("model.json", "model.onnx", "photos.vpt.gz")) {
            try (InputStream in = PhotoTorchvisionEqualityTest.class.getResourceAsStream(FIXTURE + name)) {
                assertNotNull(in, FIXTURE + name + " is missing from the model module's test jar");
                Files.copy(in, fixture.resolve(name));
            }
        }
        expected = VptFile.read(fixture.resolve("photos.vpt.gz"));
        model = ProposalModel.load(fixture, Device.cpu());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Proposals torchvision(int photo) {
        return new Proposals(expected.floats("boxes_" + photo), expected.floats("scores_" + photo));
    }

    /** The proposals in the photograph's own pixels, as the operator maps them. */
    static Proposals propose(DecodedFrame frame) {
        Proposals p = model.propose(List.of(frame.image())).get(0);
        float[] boxes = p.boxes().clone();
        for (int b = 0; b < boxes.length; b += 4) {
            boxes[b] *= frame.scaleX();
            boxes[b + 1] *= frame.scaleY();
            boxes[b + 2] *= frame.scaleX();
            boxes[b + 3] *= frame.scaleY();
        }
        return new Proposals(boxes, p.scores());
    }

    @Test
    void fullSizeDecodingEqualsTorchvision() {
        FrameDecoder exact = new FrameDecoder(Long.MAX_VALUE, 0, 0);
        for (int i = 0; i < PHOTOS; i++) {
            DecodedFrame frame = exact.decode(expected.bytes("jpeg_" + i));
            assertEquals(expected.ints("pixels_sum_" + i)[0], pixelSum(frame.image().pixels()),
                    "photo " + i + ": OpenCV in Java and in Python decode the same pixels");
            Proposals want = torchvision(i);
            Proposals got = propose(frame);
            assertEquals(100, want.size());
            assertEquals(want.size(), got.size(), "photo " + i + ": proposal count");
            for (int p = 0; p < want.size(); p++) {
                for (int k = 0; k < 4; k++) {
                    float e = want.boxes()[4 * p + k];
                    float a = got.boxes()[4 * p + k];
                    if (!(Math.abs(e - a) <= 1e-2f)) {
                        fail("photo " + i + ": proposal " + p + " coordinate " + k + " expected " + e + " but was " + a);
                    }
                }
                if (!(Math.abs(want.score(p) - got.score(p)) <= 1e-4f)) {
                    fail("photo " + i + ": proposal " + p + " score expected " + want.score(p) + " but was "
                            + got.score(p));
                }
            }
        }
    }

    @Test
    void reducedScaleDecodingFindsMostOfTorchvisionsTopProposals() {
        FrameDecoder reduced = new FrameDecoder(Long.MAX_VALUE, model.config().input.minSize,
                model.config().input.maxSize);
        int[] reductions = new int[PHOTOS];
        double[] overlap = new double[PHOTOS];
        for (int i = 0; i < PHOTOS; i++) {
            DecodedFrame frame = reduced.decode(expected.bytes("jpeg_" + i));
            reductions[i] = Math.round(frame.scaleX());
            overlap[i] = recalled(torchvision(i), propose(frame), 50, 0.7f);
            System.out.printf("photo %d: decoded at 1/%d, top-50 recalled at IoU 0.7: %.2f%n", i, reductions[i],
                    overlap[i]);
        }
        assertEquals(2, reductions[0], "building.jpg 868x600 is decoded at half size for a 223x154 input");
        assertEquals(1, reductions[3], "HappyFish.jpg 259x194 is decoded at full size");
        assertEquals(1.0, overlap[3], "decoded at full size, every top proposal is found");
        for (int i = 0; i < PHOTOS; i++) {
            assertTrue(overlap[i] >= 0.8, "photo " + i + ": " + overlap[i]);
        }
    }

    /** The share of the reference's first k proposals that a proposal of the other set covers with IoU >= min. */
    static double recalled(Proposals reference, Proposals other, int k, float min) {
        int n = Math.min(k, reference.size());
        int found = 0;
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < other.size(); o++) {
                if (BoxIou.iou(reference.boxes(), 4 * r, other.boxes(), 4 * o) >= min) {
                    found++;
                    break;
                }
            }
        }
        return (double) found / n;
    }

    static int pixelSum(byte[] pixels) {
        int sum = 0;
        for (byte b : pixels) {
            sum += b & 0xff;
        }
        return sum;
    }
}
