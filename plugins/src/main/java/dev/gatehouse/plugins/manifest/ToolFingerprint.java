package dev.gatehouse.plugins.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gatehouse.api.manifest.ToolDefinition;
import dev.gatehouse.config.CanonicalJson;

/**
 * The fingerprint of what a tool tells its callers (name, description, input schema), pinned when
 * the operator consents. A plugin update that changes any of it changes the fingerprint, so the
 * changed tool stays inactive until consent is given again.
 */
public final class ToolFingerprint {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ToolFingerprint() {}

    /**
     * {@code sha256:} and the hex SHA-256 of the canonical JSON of {@code {description,
     * input_schema, name}}.
     *
     * @throws IllegalArgumentException when the tool's input schema is not JSON
     */
    public static String of(ToolDefinition tool) {
        var object = JsonNodeFactory.instance.objectNode();
        object.put("description", tool.description());
        try {
            object.set("input_schema", MAPPER.readTree(tool.inputSchemaJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the input schema of tool " + tool.name() + " is not JSON", e);
        }
        object.put("name", tool.name());
        return "sha256:" + CanonicalJson.sha256Hex(CanonicalJson.write(object));
    }
}
