package dev.gatehouse.api.manifest;

import java.util.List;

/**
 * One tool a plugin provides.
 *
 * @param inputSchemaJson the tool's JSON Schema as canonical JSON (sorted keys, no insignificant
 *     white space), so equal schemas have equal text
 */
public record ToolDefinition(
        String name,
        String description,
        String inputSchemaJson,
        List<String> requiredScopes,
        Effect effects,
        Visibility visibility,
        Approval approval,
        ToolMiddleware middleware) {

    public ToolDefinition {
        requiredScopes = List.copyOf(requiredScopes);
    }

    public enum Effect {
        READ,
        WRITE,
        DESTRUCTIVE,
        EXTERNAL;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Visibility {
        PUBLIC,
        EXTENDED
    }

    public enum Approval {
        NEVER,
        ALWAYS
    }
}
