package io.vidprop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vidprop.settings.CameraSettingsJson;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The published settings schema and the job's strict reader agree on the camera's model. */
class CameraSettingsSchemaTest {
    static final String SCHEMA = "/io/vidprop/settings/camera-settings.schema.json";

    @Test
    void settingsWithAModelAreValidAsTheReaderWritesThem() {
        String json = CameraSettingsJson.toJson(CameraSettingsJson.parse(
                "{\"top\": 5, \"model\": \"s3://models/cam-a\", \"tracks\": {}}"));
        assertEquals(Set.of(), ProposalRecordSchema.violations(SCHEMA, json), json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"model\": \"\"}", "{\"model\": \" /models/a\"}", "{\"model\": 7}",
        "{\"model\": null}"})
    void aModelTheReaderRefusesTheSchemaRefusesToo(String json) {
        assertThrows(IllegalArgumentException.class, () -> CameraSettingsJson.parse(json));
        assertFalse(ProposalRecordSchema.violations(SCHEMA, json).isEmpty(), json);
    }
}
