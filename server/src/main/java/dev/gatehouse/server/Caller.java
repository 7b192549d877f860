package dev.gatehouse.server;

import dev.gatehouse.api.auth.Principal;

/** Who sent one MCP request and from where; established by the server, never by the client. */
record Caller(Principal principal, String clientAddress) {

    /** The transport-context key the HTTP and stdio surfaces put the caller under. */
    static final String CONTEXT_KEY = "dev.gatehouse.caller";
}
