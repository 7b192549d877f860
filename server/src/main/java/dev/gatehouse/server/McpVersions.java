package dev.gatehouse.server;

import java.util.List;

/** The MCP protocol revisions this server speaks, newest first. */
final class McpVersions {

    static final List<String> SUPPORTED = List.of("2025-11-25", "2025-06-18", "2025-03-26");

    private McpVersions() {}

    /**
     * The lifecycle rule: answer with the client's version when we speak it, otherwise with our
     * newest, and leave it to the client to disconnect when it cannot speak that.
     */
    static String negotiate(String requested) {
        return SUPPORTED.contains(requested) ? requested : SUPPORTED.getFirst();
    }

    static boolean supported(String version) {
        return SUPPORTED.contains(version);
    }
}
