package io.vidprop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vidprop.rpn.NmsMethod;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ModelConfigTest {
    static ModelConfig parse(String json) {
        return ModelConfig.parse(new StringReader(json), "m.json");
    }

    static String withNmsMethod(String value) {
        ModelConfig c = ModelConfig.builtinDefault();
        String json = c.toJson();
        String field = "\"nmsMethod\": \"" + c.proposals.nmsMethod + "\"";
        if (!json.contains(field)) {
            throw new AssertionError("no " + field + " in " + json);
        }
        String changed = value == null ? json.replace(field + ",", "")
                : json.replace(field, "\"nmsMethod\": \"" + value + "\"");
        if (value == null && changed.equals(json)) {
            throw new AssertionError("could not remove " + field + " from " + json);
        }
        return changed;
    }

    @Test
    void nmsMethodIsHardUnlessTheConfigurationSaysSoftLinear() {
        assertEquals(NmsMethod.HARD, parse(withNmsMethod(null)).proposalFilter().nmsMethod(), "absent: torchvision's");
        assertEquals(NmsMethod.HARD, parse(withNmsMethod("hard")).proposalFilter().nmsMethod());
        assertEquals(NmsMethod.SOFT_LINEAR, parse(withNmsMethod("soft-linear")).proposalFilter().nmsMethod());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> parse(withNmsMethod("soft")));
        assertEquals("m.json: proposals: unknown NMS method 'soft', expected hard or soft-linear", e.getMessage());
    }
}
