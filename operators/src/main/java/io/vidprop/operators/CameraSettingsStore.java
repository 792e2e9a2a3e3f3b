package io.vidprop.operators;

import io.vidprop.settings.CameraSettings;
import io.vidprop.settings.CameraSettingsJson;
import io.vidprop.settings.CameraSettingsUpdate;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Every camera's settings from the settings topic, in Flink broadcast state (each subtask holds all of them, and they
 * are checkpointed with the job, so they survive a restore and follow a rescale), with the parsed settings cached. The
 * state holds each camera's settings as the JSON the settings topic's reader validated.
 */
final class CameraSettingsStore {
    static final MapStateDescriptor<String, String> STATE = new MapStateDescriptor<>("camera-settings", Types.STRING,
            Types.STRING);

    private final BroadcastState<String, String> state;
    private final Map<String, CameraSettings> parsed = new HashMap<>();

    CameraSettingsStore(BroadcastState<String, String> state) throws Exception {
        this.state = state;
        for (Map.Entry<String, String> e : state.entries()) {
            parsed.put(e.getKey(), CameraSettingsJson.parse(e.getValue()));
        }
    }

    /** The camera's settings, or {@link CameraSettings#DEFAULT} when it has none. */
    CameraSettings of(String cameraId) {
        return parsed.getOrDefault(cameraId, CameraSettings.DEFAULT);
    }

    /** Applies a valid update (new settings, or cleared); a refused one must not get here. */
    void apply(CameraSettingsUpdate update) throws Exception {
        if (update.problem() != null) {
            throw new IllegalArgumentException("a refused settings update cannot be applied: " + update.problem());
        }
        if (update.cleared()) {
            state.remove(update.cameraId());
            parsed.remove(update.cameraId());
        } else {
            CameraSettings settings = CameraSettingsJson.parse(update.settingsJson());
            state.put(update.cameraId(), update.settingsJson());
            parsed.put(update.cameraId(), settings);
        }
    }

    int cameras() {
        return parsed.size();
    }
}
