package io.vidprop.vpt;

import com.google.gson.Gson;
import io.vidprop.rpn.AnchorGenerator;
import io.vidprop.rpn.BoxCoder;
import io.vidprop.rpn.LevelPrediction;
import io.vidprop.rpn.ProposalFilter;
import io.vidprop.rpn.Proposals;
import io.vidprop.rpn.RegionProposer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A recorded RPN post-processing case made by {@code tools/rpn_fixtures.py}: the configuration, the head outputs
 * for a batch of images and what torchvision proposed for each. Used by the equality tests and the benchmarks.
 */
public final class RpnCase {
    /** The configuration as the fixture script writes it. */
    public static final class Config {
        public String name;
        public float[][] sizes;
        public float[][] ratios;
        public int[] tensor;
        public int[][] grids;
        public int[][] images;
        public int pre_nms_top_n;
        public int post_nms_top_n;
        public double nms_thresh;
        public double min_size;
        public double score_thresh;
        public double delta_scale;
    }

    private final Config config;
    private final VptFile file;
    private final float[][] objectness;
    private final float[][] deltas;

    private RpnCase(VptFile file) {
        this.file = file;
        this.config = new Gson().fromJson(file.text("config"), Config.class);
        int levels = config.grids.length;
        objectness = new float[levels][];
        deltas = new float[levels][];
        float scale = (float) config.delta_scale;
        for (int l = 0; l < levels; l++) {
            objectness[l] = file.floats("objectness_" + l);
            float[] q = file.floats("deltas_" + l);
            for (int i = 0; i < q.length; i++) {
                q[i] *= scale;
            }
            deltas[l] = q;
        }
    }

    public static RpnCase read(Path path) throws IOException {
        return new RpnCase(VptFile.read(path));
    }

    public static RpnCase read(InputStream in, String source) throws IOException {
        return new RpnCase(VptFile.read(in, source));
    }

    public static RpnCase readIfPresent(Path path) throws IOException {
        return Files.exists(path) ? read(path) : null;
    }

    public Config config() {
        return config;
    }

    public VptFile file() {
        return file;
    }

    public int imageCount() {
        return config.images.length;
    }

    public AnchorGenerator anchorGenerator() {
        return new AnchorGenerator(config.sizes, config.ratios);
    }

    public ProposalFilter proposalFilter() {
        return ProposalFilter.builder()
                .preNmsTopN(config.pre_nms_top_n)
                .postNmsTopN(config.post_nms_top_n)
                .nmsThreshold(config.nms_thresh)
                .minSize(config.min_size)
                .scoreThreshold(config.score_thresh)
                .boxCoder(BoxCoder.rpn())
                .build();
    }

    public RegionProposer regionProposer() {
        return new RegionProposer(anchorGenerator(), proposalFilter());
    }

    /** The head outputs of one image, as views into the batch arrays. */
    public LevelPrediction[] levels(int image) {
        LevelPrediction[] out = new LevelPrediction[config.grids.length];
        for (int l = 0; l < out.length; l++) {
            int a = config.sizes[l].length * config.ratios[l].length;
            int h = config.grids[l][0];
            int w = config.grids[l][1];
            int n = a * h * w;
            out[l] = new LevelPrediction(a, h, w, objectness[l], image * n, deltas[l], image * 4 * n);
        }
        return out;
    }

    public Proposals propose(RegionProposer proposer, int image) {
        return proposer.propose(levels(image), config.tensor[0], config.tensor[1], config.images[image][0],
                config.images[image][1]);
    }

    /** What torchvision proposed for this image. */
    public Proposals expected(int image) {
        return new Proposals(file.floats("boxes_" + image), file.floats("scores_" + image));
    }

    /** torchvision's anchors of one level (the same for every image of the batch). */
    public float[] expectedAnchors(int level) {
        return file.floats("anchors_" + level);
    }
}
