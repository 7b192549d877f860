package dev.gatehouse.server;

import dev.gatehouse.api.gateway.ToolView;
import dev.gatehouse.api.manifest.ToolDefinition;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * What MCP clients are told about a tool beyond its schema: a short title from the manifest's
 * description, and the behaviour hints from the effects it declares. Hints are for clients'
 * interfaces (confirmation prompts, grouping); Gatehouse enforces nothing by them.
 */
final class ToolHints {

    static final int MAX_TITLE = 80;

    private ToolHints() {}

    /** The description's first sentence, without its full stop, at most {@link #MAX_TITLE} characters. */
    static String title(ToolView view) {
        var text = view.description() == null ? "" : view.description().strip();
        int end = text.indexOf(". ");
        if (end < 0 && text.endsWith(".")) {
            end = text.length() - 1;
        }
        var sentence = (end < 0 ? text : text.substring(0, end)).strip();
        if (sentence.isEmpty()) {
            return view.name();
        }
        return sentence.length() <= MAX_TITLE ? sentence : sentence.substring(0, MAX_TITLE - 3) + "...";
    }

    /**
     * read: read-only and idempotent, closed world. write: changes things, not destructively.
     * destructive: may destroy. external: reaches beyond the host, so nothing is promised
     * (destructive and open world, as MCP assumes when it is told nothing).
     */
    static McpSchema.ToolAnnotations annotations(ToolView view) {
        var hints = McpSchema.ToolAnnotations.builder().title(title(view));
        var effects = view.effects() == null ? ToolDefinition.Effect.EXTERNAL : view.effects();
        return switch (effects) {
            case READ ->
                hints.readOnlyHint(true)
                        .destructiveHint(false)
                        .idempotentHint(true)
                        .openWorldHint(false)
                        .build();
            case WRITE ->
                hints.readOnlyHint(false)
                        .destructiveHint(false)
                        .idempotentHint(false)
                        .openWorldHint(false)
                        .build();
            case DESTRUCTIVE ->
                hints.readOnlyHint(false)
                        .destructiveHint(true)
                        .idempotentHint(false)
                        .openWorldHint(false)
                        .build();
            case EXTERNAL ->
                hints.readOnlyHint(false)
                        .destructiveHint(true)
                        .idempotentHint(false)
                        .openWorldHint(true)
                        .build();
        };
    }
}
