package io.vidprop.cli;

import io.vidprop.synth.SceneConfig;
import io.vidprop.synth.SceneStyle;
import io.vidprop.synth.SyntheticDataset;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Options choosing the synthetic data set (shared by train and eval, so both see the same scenes). */
final class SyntheticDataOptions {
    @Option(names = "--data-seed", defaultValue = "1",
            description = "Base seed of the synthetic data set; splits are derived from it (default: ${DEFAULT-VALUE}).")
    long dataSeed;

    @Option(names = "--frames-per-scene", defaultValue = "4",
            description = "Consecutive frames taken from each synthetic video (default: ${DEFAULT-VALUE}).")
    int framesPerScene;

    @Option(names = "--scene-style", defaultValue = "classic", paramLabel = "classic|camera|mixed",
            description = "classic: shapes over a gradient (every split before camera-style scenes); camera: a fixed "
                    + "camera's view (photographs, ground plane in perspective, people, vehicles, shadows); mixed: "
                    + "--camera-share of the scenes camera-style, the rest classic (default: ${DEFAULT-VALUE}).")
    String sceneStyle;

    @Option(names = "--camera-share", defaultValue = "0.5",
            description = "With --scene-style mixed: the share of camera-style scenes (default: ${DEFAULT-VALUE}).")
    double cameraShare;

    SceneConfig scene() {
        SceneStyle style;
        try {
            style = SceneStyle.valueOf(sceneStyle.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--scene-style is classic, camera or mixed, got " + sceneStyle);
        }
        return SceneConfig.builder().framesPerScene(framesPerScene).style(style).cameraShare(cameraShare).build();
    }

    SyntheticDataset dataset() {
        return new SyntheticDataset(dataSeed, scene());
    }
}
