package io.vidprop.synth;

/**
 * Train, validation and test splits of synthetic video frames. Each split draws its videos from its own seed
 * stream (so no scene appears in two splits), each video contributes {@code framesPerScene} consecutive frames, and
 * frame i of a split is the same for a given base seed and configuration. The configuration's style says which
 * generator draws scene v: classic ({@link SyntheticVideo}), camera-style ({@link CameraScene}), or, mixed, scene v
 * is camera-style when {@code floor((v + 1) * share) > floor(v * share)} (so a share of 0.5 alternates). Classic
 * scenes are the same whatever the style, so a classic split never changes. Not thread-safe.
 */
public final class SyntheticDataset {
    public enum Split { TRAIN, VALIDATION, TEST }

    /** Mixed into a camera-style scene's seed, so it draws nothing in step with the classic scene of that seed. */
    private static final long CAMERA_SEED_MIX = 0x2545F4914F6CDD1DL;

    private final long baseSeed;
    private final SceneConfig config;
    private SyntheticVideo current;
    private long currentSeed;
    private CameraScene currentCamera;
    private long currentCameraSeed;

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

    /** The classic video of that index (whatever the style). */
    public SyntheticVideo video(Split split, long video) {
        long seed = videoSeed(split, video);
        if (current == null || currentSeed != seed) {
            current = new SyntheticVideo(seed, config);
            currentSeed = seed;
        }
        return current;
    }

    /** The camera-style scene of that index (whatever the style). */
    public CameraScene cameraScene(Split split, long video) {
        long seed = videoSeed(split, video) ^ CAMERA_SEED_MIX;
        if (currentCamera == null || currentCameraSeed != seed) {
            currentCamera = new CameraScene(seed, config);
            currentCameraSeed = seed;
        }
        return currentCamera;
    }

    /** Whether scene {@code video} of a split is camera-style under this configuration. */
    public boolean isCameraScene(long video) {
        return switch (config.style()) {
            case CLASSIC -> false;
            case CAMERA -> true;
            case MIXED -> Math.floor((video + 1) * config.cameraShare()) > Math.floor(video * config.cameraShare());
        };
    }

    /** Frame {@code index} of the split. */
    public SyntheticFrame frame(Split split, long index) {
        int perScene = config.framesPerScene();
        long video = index / perScene;
        int frame = (int) (index % perScene);
        return isCameraScene(video) ? cameraScene(split, video).frame(frame) : video(split, video).frame(frame);
    }
}
