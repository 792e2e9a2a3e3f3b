package io.vidprop.synth;

/**
 * Train, validation and test splits of synthetic video frames. Each split draws its videos from its own seed
 * stream (so no scene appears in two splits), each video contributes {@code framesPerScene} consecutive frames, and
 * frame i of a split is the same for a given base seed and configuration. Not thread-safe.
 */
public final class SyntheticDataset {
    public enum Split { TRAIN, VALIDATION, TEST }

    private final long baseSeed;
    private final SceneConfig config;
    private SyntheticVideo current;
    private long currentSeed;

    public SyntheticDataset(long baseSeed, SceneConfig config) {
        this.baseSeed = baseSeed;
        this.config = config;
    }

    public SceneConfig config() {
        return config;
    }

    /** The seed of a split's video: a mix of base seed, split and index, so split streams never meet. */
    public long videoSeed(Split split, long video) {
        long z = baseSeed * 0x9E3779B97F4A7C15L + (split.ordinal() + 1) * 0xBF58476D1CE4E5B9L + video;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public SyntheticVideo video(Split split, long video) {
        long seed = videoSeed(split, video);
        if (current == null || currentSeed != seed) {
            current = new SyntheticVideo(seed, config);
            currentSeed = seed;
        }
        return current;
    }

    /** Frame {@code index} of the split. */
    public SyntheticFrame frame(Split split, long index) {
        int perScene = config.framesPerScene();
        return video(split, index / perScene).frame((int) (index % perScene));
    }
}
