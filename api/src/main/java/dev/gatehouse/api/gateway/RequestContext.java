package dev.gatehouse.api.gateway;

import java.time.Instant;

/**
 * Facts about a request that do not come from the caller's credential.
 *
 * @param clientAddress the peer address as the server saw it, or {@code local} for the CLI
 * @param surface {@code mcp-http}, {@code mcp-stdio}, {@code cli}, ...
 */
public record RequestContext(Instant time, String clientAddress, String surface) {}
