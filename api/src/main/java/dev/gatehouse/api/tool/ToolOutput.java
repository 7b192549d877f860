package dev.gatehouse.api.tool;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a tool returns, in MCP's shape: content blocks, optional structured content, and whether
 * the tool itself reports an error (a tool error is a result, not a failure of the host).
 */
public record ToolOutput(List<Content> content, Optional<Map<String, Object>> structured, boolean isError) {

    public ToolOutput {
        content = List.copyOf(content);
    }

    public static ToolOutput text(String text) {
        return new ToolOutput(List.of(new Content.Text(text)), Optional.empty(), false);
    }

    public static ToolOutput error(String text) {
        return new ToolOutput(List.of(new Content.Text(text)), Optional.empty(), true);
    }

    public sealed interface Content {
        record Text(String text) implements Content {}
    }

    /** Total characters of text content, for output caps and metrics. */
    public long textLength() {
        long n = 0;
        for (var c : content) {
            if (c instanceof Content.Text t) {
                n += t.text().length();
            }
        }
        return n;
    }
}
