package io.openlva.inference;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * LVA's inference event schema (extension-data-schema.json, draft-07): the project's copy in test resources, or
 * the shared original for the conformance suite.
 */
public final class LvaSchema {

    private final JsonSchema schema;

    private LvaSchema(JsonSchema schema) {
        this.schema = schema;
    }

    public static LvaSchema projectCopy() {
        try (InputStream in = LvaSchema.class.getResourceAsStream("/lva/extension-data-schema.json")) {
            return new LvaSchema(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static LvaSchema of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new LvaSchema(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The validation errors of an event body (empty when valid). */
    public Set<String> errors(JsonNode body) {
        Set<ValidationMessage> messages = schema.validate(body);
        return messages.stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }
}
