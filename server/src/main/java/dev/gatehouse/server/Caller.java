package dev.gatehouse.server;

import dev.gatehouse.api.gateway.Authenticated;

/** Who sent one MCP request and from where; established by the server, never by the client. */
record Caller(Authenticated who, String clientAddress) {

    /** The transport-context key the HTTP and stdio surfaces put the caller under. */
    static final String CONTEXT_KEY = "dev.gatehouse.caller";
}
