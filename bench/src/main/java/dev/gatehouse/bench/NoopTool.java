package dev.gatehouse.bench;

import dev.gatehouse.api.tool.ToolOutput;
import dev.gatehouse.builtins.Builtin;
import java.util.Map;

/**
 * The tool every measurement calls: it does nothing, so what is measured is everything around it.
 * Declared like any builtin, with a three-level scope hierarchy and a rate limit that is checked
 * on every call but never reached.
 */
final class NoopTool {

    static final String PLUGIN = "bench";
    static final String TOOL = "bench_noop";
    static final String DESCRIPTION = "Does nothing and answers ok; for measuring the pipeline around a tool.";
    static final String INPUT_SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\",\"maxLength\":64}},"
                    + "\"additionalProperties\":false}";

    /** The answer; a constant, so the tool allocates nothing of its own. */
    static final ToolOutput OK = ToolOutput.text("ok");

    // Far above what two cores can reach (about 17 million calls a second), so it never refuses.
    private static final String MANIFEST = """
            manifest_version: 1
            name: %s
            version: 1.0.0
            description: A no-op tool for measuring the host's call pipeline.
            author: Gatehouse
            publisher: gatehouse
            package: gatehouse-builtin-bench
            runtime:
              type: builtin
            provides_tools:
              - name: %s
                description: %s
                input_schema: %s
                required_scopes: ["bench:read"]
                effects: read
                middleware:
                  rate_limit: {per_minute: 1000000000, key: user}
            scopes:
              hierarchy:
                "bench:admin": ["bench:write"]
                "bench:write": ["bench:read"]
            """.formatted(PLUGIN, TOOL, DESCRIPTION, INPUT_SCHEMA);

    private NoopTool() {}

    static Builtin builtin() {
        return new Builtin(PLUGIN, MANIFEST, Map.of(TOOL, (tool, arguments, grant) -> OK));
    }
}
