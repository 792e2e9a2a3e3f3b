package io.vidprop.rpn;

/**
 * The RPN's post-processing for a batch: anchors for the batch tensor's size and each level's grid, then
 * {@link ProposalFilter} per image. What torchvision's {@code RegionProposalNetwork.forward} does after its head, in
 * eval mode. Thread-safe.
 */
public final class RegionProposer {
    private final AnchorGenerator anchorGenerator;
    private final ProposalFilter filter;

    public RegionProposer(AnchorGenerator anchorGenerator, ProposalFilter filter) {
        this.anchorGenerator = anchorGenerator;
        this.filter = filter;
    }

    public AnchorGenerator anchorGenerator() {
        return anchorGenerator;
    }

    public ProposalFilter filter() {
        return filter;
    }

    /**
     * Proposals for one image of a batch.
     *
     * @param levels the head's outputs for this image, one per anchor-generator level
     * @param tensorHeight height of the (padded) batch tensor the backbone saw
     * @param tensorWidth width of the (padded) batch tensor
     * @param imageHeight height of this image inside the tensor, which boxes are clipped to
     * @param imageWidth width of this image inside the tensor
     */
    public Proposals propose(LevelPrediction[] levels, int tensorHeight, int tensorWidth, int imageHeight,
            int imageWidth) {
        if (levels.length != anchorGenerator.levels()) {
            throw new IllegalArgumentException("the anchor generator has " + anchorGenerator.levels()
                    + " levels but predictions come for " + levels.length);
        }
        if (imageHeight > tensorHeight || imageWidth > tensorWidth) {
            throw new IllegalArgumentException("image " + imageHeight + "x" + imageWidth
                    + " is larger than its batch tensor " + tensorHeight + "x" + tensorWidth);
        }
        float[][] anchors = new float[levels.length][];
        for (int l = 0; l < levels.length; l++) {
            LevelPrediction p = levels[l];
            if (p.anchorsPerLocation() != anchorGenerator.anchorsPerLocation(l)) {
                throw new IllegalArgumentException("level " + l + " predicts " + p.anchorsPerLocation()
                        + " anchors per location but the anchor generator makes "
                        + anchorGenerator.anchorsPerLocation(l));
            }
            anchors[l] = anchorGenerator.anchors(l, tensorHeight, tensorWidth, p.height(), p.width());
        }
        return filter.filter(levels, anchors, imageHeight, imageWidth);
    }
}
