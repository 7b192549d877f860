package dev.gatehouse.plugins.manifest;

import dev.gatehouse.config.PluginLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Manifests used across the manifest tests. */
final class ManifestFixtures {

    /** The example of DESIGN section 4, verbatim apart from comments. */
    static final String DESIGN_EXAMPLE = """
            manifest_version: 1
            name: crm
            version: 1.2.0
            description: Look up accounts, log activities and create tasks in our CRM.
            author: platform@acme.com
            publisher: acme
            package: acme-crm
            source: https://example.org/acme/crm-plugin
            runtime:
              type: process
              command: [node, dist/index.js]
            provides_tools:
              - name: crm_lookup_account
                description: Find an account by name or id.
                input_schema: {type: object, properties: {query: {type: string}}, required: [query]}
                required_scopes: [crm:read]
                effects: read
                visibility: public
                approval: never
                middleware:
                  timeout: 10s
                  cache: {ttl: 60s, key: user}
                  rate_limit: {per_minute: 20, key: user}
                  retry: {max_attempts: 3, backoff: 2.0}
            provides_hooks:
              - event: post_tool_call
                purpose: writes an audit line for CRM-touching calls
            requires_env:
              - {name: ACME_CRM_TOKEN, description: "Bearer token from CRM settings", secret: true}
              - {name: ACME_CRM_BASE_URL, description: "Your CRM URL", secret: false}
            capabilities:
              net: ["acme.crm.example.com:443"]
              fs:
                read: ["${workspace}/docs"]
                write: []
              limits: {memory_mb: 256, timeout: 30s, cpu_seconds: 10, max_output_kb: 1024, processes: 16}
            scopes:
              hierarchy:
                "crm:admin": ["crm:write", "crm:read"]
                "crm:write": ["crm:read"]
            """;

    /** The smallest valid manifest; five lines, so additions start on line 6. */
    static final String MINIMAL = """
            manifest_version: 1
            name: demo
            version: 1.0.0
            description: A demo plugin.
            runtime: {type: builtin}
            """;

    /** A minimal manifest with one tool in namespace {@code crm}; additions start on line 12. */
    static final String WITH_TOOL = MINIMAL + """
            provides_tools:
              - name: lookup
                description: Look something up.
                input_schema: {type: object}
                required_scopes: [crm:read]
                effects: read
            """;

    private ManifestFixtures() {}

    static ManifestParser parser() {
        return new ManifestParser(PluginLimits.DEFAULT_MAXIMA);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The problems of a manifest as {@code line:column: message}, or an empty list when it is valid. */
    static List<String> problems(String yaml, Path pluginDir) {
        try {
            parser().parse("plugin.yaml", utf8(yaml), pluginDir);
            return List.of();
        } catch (ManifestException e) {
            return e.problems().stream()
                    .map(p -> p.line() + ":" + p.column() + ": " + p.message())
                    .toList();
        }
    }
}
