package dev.gatehouse.api.manifest;

/** A hook a plugin registers, with the reason it gives the operator. */
public record HookDeclaration(HookEvent event, String purpose) {

    public enum HookEvent {
        PRE_TOOL_CALL,
        POST_TOOL_CALL,
        TRANSFORM_TOOL_RESULT,
        ON_ERROR;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
