package io.vidprop.cli;

import io.vidprop.synth.SceneConfig;
import io.vidprop.synth.SyntheticDataset;
import picocli.CommandLine.Option;

/** Options choosing the synthetic data set (shared by train and eval, so both see the same scenes). */
final class SyntheticDataOptions {
    @Option(names = "--data-seed", defaultValue = "1",
            description = "Base seed of the synthetic data set; splits are derived from it (default: ${DEFAULT-VALUE}).")
    long dataSeed;

    @Option(names = "--frames-per-scene", defaultValue = "4",
            description = "Consecutive frames taken from each synthetic video (default: ${DEFAULT-VALUE}).")
    int framesPerScene;

    SceneConfig scene() {
        return SceneConfig.builder().framesPerScene(framesPerScene).build();
    }

    SyntheticDataset dataset() {
        return new SyntheticDataset(dataSeed, scene());
    }
}
