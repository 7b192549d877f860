package dev.gatehouse.api.manifest;

/**
 * An environment variable the plugin needs. Secret ones are resolved from the vault into the
 * execution grant at call time; the others come from operator configuration.
 */
public record EnvRequirement(String name, String description, boolean secret) {}
