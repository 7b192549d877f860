package dev.gatehouse.host;

import dev.gatehouse.config.GatehouseHome;

/** The gatehouse.yaml a first run writes: safe defaults, each section explained. */
final class DefaultConfig {

    private DefaultConfig() {}

    static String text(GatehouseHome home) {
        return """
                # Gatehouse configuration. Every section is described in docs/configuration.md.

                server:
                  bind: 127.0.0.1:8787

                # What ${workspace} stands for in plugin manifests and below.
                workspace: %s

                # The bundled builtin tools. The files tool may use only the roots granted here;
                # the http tool may reach only the hosts listed here (none by default).
                builtins:
                  files:
                    roots:
                      workspace: "${workspace}"
                  http:
                    hosts: []

                # Scope implications, e.g. "ops:admin": ["files:admin", "http:admin"]; admin implies everything.
                scopes:
                  hierarchy: {}

                # Policies in CEL: {id, effect: allow|deny|review, when: <expression>}. Deny wins.
                policies: []

                plugins:
                  require_signed: false
                  minimum_trust_level: unknown

                # Values for the non-secret env plugins declare (secrets go in the vault:
                # gatehouse secrets set), for example:
                # plugin_env:
                #   acme-crm: {ACME_CRM_BASE_URL: "https://crm.example.com"}
                """.formatted(home.defaultWorkspace());
    }
}
