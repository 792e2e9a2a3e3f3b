package io.vidprop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import io.vidprop.kafka.ProposalRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The published JSON Schema of proposal records ({@code connectors}, {@code io/vidprop/kafka/proposal-record.schema.json},
 * the file the README points consumers to), checked with networknt's json-schema-validator in the draft the file's
 * {@code $schema} names.
 */
final class ProposalRecordSchema {
    static final String RESOURCE = "/io/vidprop/kafka/proposal-record.schema.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchema SCHEMA = load();

    private ProposalRecordSchema() {}

    private static JsonSchema load() {
        try (InputStream in = ProposalRecord.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, RESOURCE + " on the class path");
            JsonNode schema = MAPPER.readTree(in);
            SpecVersion.VersionFlag draft = SpecVersionDetector.detect(schema);
            assertEquals(SpecVersion.VersionFlag.V202012, draft, "the schema's $schema");
            return JsonSchemaFactory.getInstance(draft).getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the schema finds wrong with {@code json}; empty when it is a valid proposal record. */
    static Set<ValidationMessage> violations(String json) {
        try {
            return SCHEMA.validate(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertValid(String json) {
        Set<ValidationMessage> violations = violations(json);
        assertTrue(violations.isEmpty(), violations + " in " + json);
    }

    /**
     * The schema rejects {@code json} (a valid record with at least one proposal) broken in each way it forbids: a
     * required field missing, a field it does not know, a field of the wrong type, a negative count, a proposal of
     * four numbers, a score above 1. So a validation that passes says something.
     */
    static void assertRejectsBrokenVariantsOf(String json) throws IOException {
        assertValid(json);
        assertFalse(MAPPER.readTree(json).get("proposals").isEmpty(), "a record with proposals: " + json);
        Map<String, Consumer<ObjectNode>> breakages = Map.of(
                "modelId missing", r -> r.remove("modelId"),
                "an unknown field", r -> r.put("boxes", 3),
                "sequence as a string", r -> r.put("sequence", "7"),
                "a negative framesShedBefore", r -> r.put("framesShedBefore", -1),
                "a proposal of four numbers", r -> ((ArrayNode) r.get("proposals").get(0)).remove(4),
                "a score above 1", r -> ((ArrayNode) r.get("proposals").get(0)).set(4, 1.5),
                "width 0", r -> r.put("width", 0));
        breakages.forEach((what, breakage) -> {
            try {
                ObjectNode broken = (ObjectNode) MAPPER.readTree(json);
                breakage.accept(broken);
                assertFalse(violations(MAPPER.writeValueAsString(broken)).isEmpty(),
                        "the schema accepts a record with " + what + ": " + broken);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
