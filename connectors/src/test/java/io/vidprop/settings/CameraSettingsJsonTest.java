package io.vidprop.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CameraSettingsJsonTest {
    @Test
    void everyFieldIsReadAndWrittenBackToEqualSettings() {
        CameraSettings s = CameraSettingsJson.parse("{\"include\": [[0, 150, 768, 150, 768, 576, 0, 576]],"
                + " \"exclude\": [[10, 10, 20, 10, 15, 20]], \"top\": 20, \"minScore\": 0.3, \"every\": 2,"
                + " \"tracks\": {\"matchIou\": 0.4}, \"zones\": [{\"name\": \"door\", \"polygon\": [0, 0, 5, 0, 5, 5]}]}");
        assertEquals(List.of(Polygon.of(0, 150, 768, 150, 768, 576, 0, 576)), s.include());
        assertEquals(20, s.top());
        assertEquals(0.3f, s.minScore());
        assertEquals(2, s.every());
        assertTrue(s.tracks().enabled(), "a tracks object turns tracks on unless it says otherwise");
        assertEquals(0.4f, s.tracks().matchIou());
        assertEquals(TrackSettings.OFF.maxMissedFrames(), s.tracks().maxMissedFrames());
        assertEquals("door", s.zones().get(0).name());
        assertEquals(s, CameraSettingsJson.parse(CameraSettingsJson.toJson(s)));
    }

    @Test
    void aModelIsAPathOrUriKeptAsWrittenAndAbsentMeansTheJobsModel() {
        CameraSettings s = CameraSettingsJson.parse("{\"top\": 5, \"model\": \"hdfs://nn:8020/models/yard\"}");
        assertEquals("hdfs://nn:8020/models/yard", s.model());
        assertEquals(s, CameraSettingsJson.parse(CameraSettingsJson.toJson(s)));
        assertTrue(CameraSettingsJson.toJson(s).contains("\"model\":\"hdfs://nn:8020/models/yard\""));
        CameraSettings local = CameraSettingsJson.parse("{\"model\": \"/data/models/cam A\"}");
        assertEquals("/data/models/cam A", local.model());
        assertNull(CameraSettingsJson.parse("{\"top\": 5}").model(), "absent: the job's model");
        assertFalse(CameraSettingsJson.toJson(CameraSettings.DEFAULT).contains("model"),
                "the job's model is written as no model field");
        assertEquals(CameraSettingsJson.parse("{\"top\": 5}"), s.withModel(null), "withModel changes only the model");
        String tooLong = "/m".repeat(CameraSettings.MAX_MODEL_LENGTH);
        assertEquals("model must be at most 4096 characters, got 8192", assertThrows(IllegalArgumentException.class,
                () -> CameraSettingsJson.parse("{\"model\": \"" + tooLong + "\"}")).getMessage());
        CameraSettingsUpdate update = CameraSettingsDeserializer.toUpdate(bytes("c"),
                bytes("{\"model\": \"/models/a\"}"), 0, 1);
        assertEquals("/models/a", CameraSettingsJson.parse(update.settingsJson()).model(),
                "the validated settings in the update keep the model");
    }

    @Test
    void anEmptyObjectIsTheDefaults() {
        assertEquals(CameraSettings.DEFAULT, CameraSettingsJson.parse("{}"));
        assertNull(CameraSettings.DEFAULT.top(), "the job's --top applies");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[1, 2]                                   | the settings must be a JSON object",
        "{\"top\": 0}                             | top must be 1 to 10000, got 0",
        "{\"top\": 2.5}                           | top must be a whole number, got 2.5",
        "{\"top\": \"many\"}                      | top must be a whole number",
        "{\"minScore\": 1.5}                      | minScore must be between 0 and 1, got 1.5",
        "{\"every\": 0}                           | every must be 1 to 1000000, got 0",
        "{\"include\": [[0, 0, 10, 0]]}           | include[0]: a polygon needs at least 3 corners, got 2",
        "{\"include\": [[0, 0, 10, 0, 5]]}        | include[0]: a polygon needs x, y pairs, got 5 numbers",
        "{\"exclude\": [0, 0, 10, 0, 5, 5]}       | exclude[0] must be an array",
        "{\"tracks\": {\"matchIou\": -1}}         | tracks.matchIou must be between 0 and 1, got -1.0",
        "{\"tracks\": {\"on\": true}}             | unknown field tracks.on (known: enabled, matchIou, maxMissedFrames, minScore, nmsThreshold)",
        "{\"zones\": [{\"polygon\": [0,0,1,0,1,1]}]} | a zone needs a name",
        "{\"top\": 5,}                            | not JSON: ",
        "{\"model\": 3}                           | model must be a string",
        "{\"model\": null}                        | model must be a string",
        "{\"model\": [\"a\"]}                     | model must be a string",
        "{\"model\": \"\"}                         | model must be a model directory's path or URI, got an empty string",
        "{\"model\": \" /models/a\"}               | model must not have control characters or surrounding spaces",
        "{\"model\": \"/models/a\\n\"}              | model must not have control characters or surrounding spaces",
        "{\"models\": \"/models/a\"}               | unknown field models (known: every, exclude, include, minScore, model, top, tracks, zones)",
    })
    void aValueThatIsNotValidIsRefusedNamingTheField(String json, String message) {
        String actual = assertThrows(IllegalArgumentException.class, () -> CameraSettingsJson.parse(json)).getMessage();
        assertTrue(actual.startsWith(message.trim()), actual);
    }

    @Test
    void theTopicsReaderNeverThrowsAndTellsTombstonesFromRefusals() {
        CameraSettingsUpdate cleared = CameraSettingsDeserializer.toUpdate(bytes("c"), null, 0, 7);
        assertTrue(cleared.cleared());
        CameraSettingsUpdate refused = CameraSettingsDeserializer.toUpdate(bytes("c"), bytes("{\"top\": -1}"), 0, 8);
        assertFalse(refused.cleared());
        assertEquals("top must be 1 to 10000, got -1", refused.problem());
        assertEquals("{\"top\": -1}", refused.value());
        CameraSettingsUpdate keyless = CameraSettingsDeserializer.toUpdate(null, bytes("{}"), 0, 9);
        assertEquals("a settings record needs the camera id as its key", keyless.problem());
        CameraSettingsUpdate huge = CameraSettingsDeserializer.toUpdate(bytes("c"),
                new byte[CameraSettingsDeserializer.MAX_VALUE_BYTES + 1], 0, 10);
        assertEquals("settings value of 1048577 bytes is over the limit of 1048576", huge.problem());
        CameraSettingsUpdate ok = CameraSettingsDeserializer.toUpdate(bytes("c"), bytes("{\"top\": 3}"), 0, 11);
        assertEquals(3, CameraSettingsJson.parse(ok.settingsJson()).top());
    }

    @Test
    void aBoxCentreIsInTheRegionsWhenInsideAnIncludeAndOutsideEveryExclude() {
        CameraSettings s = CameraSettingsJson.parse("{\"include\": [[0, 0, 100, 0, 100, 100, 0, 100]],"
                + " \"exclude\": [[40, 40, 60, 40, 60, 60, 40, 60]]}");
        assertTrue(s.inRegions(10, 10));
        assertFalse(s.inRegions(50, 50), "in the excluded square");
        assertFalse(s.inRegions(150, 10), "outside the include region");
        assertTrue(CameraSettings.DEFAULT.inRegions(-5, 1e6f), "no regions: everywhere");
        Polygon triangle = Polygon.of(0, 0, 10, 0, 0, 10);
        assertTrue(triangle.contains(2, 2));
        assertFalse(triangle.contains(8, 8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
