package dev.gatehouse.api.gateway;

/** A tool as a caller may see it in a tool list. */
public record ToolView(String name, String description, String inputSchemaJson, String plugin) {}
