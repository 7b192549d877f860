package dev.gatehouse.api.gateway;

import dev.gatehouse.api.manifest.ToolDefinition;

/**
 * A tool as a caller may see it in a tool list.
 *
 * @param effects what the manifest says the tool does, for the hints a surface gives clients
 */
public record ToolView(
        String name, String description, String inputSchemaJson, String plugin, ToolDefinition.Effect effects) {

    /** A view whose effects are unknown: taken as the widest, {@code external}. */
    public ToolView(String name, String description, String inputSchemaJson, String plugin) {
        this(name, description, inputSchemaJson, plugin, ToolDefinition.Effect.EXTERNAL);
    }
}
