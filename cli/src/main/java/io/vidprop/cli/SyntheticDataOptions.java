package io.vidprop.cli;

import io.vidprop.synth.CameraFamilies;
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

    @Option(names = "--camera-families", defaultValue = "street=1", paramLabel = "FAMILY=WEIGHT,...",
            description = "Which views camera-style scenes show, as relative weights of street (people and vehicles "
                    + "on a ground plane), indoor (rooms: walls, floors, doors, furniture, people close by, some "
                    + "standing still), overhead (straight down on car parks, yards and tables) and close-up (one to "
                    + "three large objects cut by the frame), e.g. street=0.4,indoor=0.25,overhead=0.2,close-up=0.15 "
                    + "(default: ${DEFAULT-VALUE}).")
    String cameraFamilies;

    @Option(names = "--low-light-share", defaultValue = "0",
            description = "The share of camera-style scenes seen in low light or by an infrared (grey) camera "
                    + "(default: ${DEFAULT-VALUE}).")
    double lowLightShare;

    SceneConfig scene() {
        SceneStyle style;
        try {
            style = SceneStyle.valueOf(sceneStyle.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--scene-style is classic, camera or mixed, got " + sceneStyle);
        }
        return SceneConfig.builder().framesPerScene(framesPerScene).style(style).cameraShare(cameraShare)
                .cameraFamilies(CameraFamilies.parse(cameraFamilies)).lowLightShare(lowLightShare).build();
    }

    SyntheticDataset dataset() {
        return new SyntheticDataset(dataSeed, scene());
    }
}
