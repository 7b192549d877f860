package dev.gatehouse.server;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import java.time.Duration;

/**
 * Starts Streamable HTTP sessions with our own ids, each bound to the principal whose initialize
 * request created it. The SDK calls this on the request's own thread, inside the scope where
 * {@link McpGate} has established the caller. The session remembers the verification that admitted
 * the initialize request, so the same credential is not authenticated again at once.
 */
final class BoundSessionFactory implements McpStreamableServerSession.Factory {

    /** How the request being handled was admitted, bound by {@link McpGate} around the SDK. */
    static final ScopedValue<Authenticator.Outcome.Admitted> ADMITTED = ScopedValue.newInstance();

    private static final Duration SERVER_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final SessionIds ids;
    private final SessionRegistry registry;
    private final ToolEndpoints endpoints;

    BoundSessionFactory(SessionIds ids, SessionRegistry registry, ToolEndpoints endpoints) {
        this.ids = ids;
        this.registry = registry;
        this.endpoints = endpoints;
    }

    @Override
    public McpStreamableServerSession.McpStreamableServerSessionInit startSession(McpSchema.InitializeRequest request) {
        if (!ADMITTED.isBound()) {
            // Only reachable if the gate was bypassed: refuse rather than start an unowned session.
            throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(
                    McpSchema.ErrorCodes.INVALID_REQUEST, "Unauthenticated", null));
        }
        var id = ids.next();
        registry.bind(id, ADMITTED.get().verified());
        var session = new McpStreamableServerSession(
                id,
                request.capabilities(),
                request.clientInfo(),
                SERVER_REQUEST_TIMEOUT,
                endpoints.requestHandlers(),
                endpoints.notificationHandlers());
        return new McpStreamableServerSession.McpStreamableServerSessionInit(session, endpoints.initialize(request));
    }
}
