package dev.gatehouse.server;

import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Drops a session the registry ended from the SDK's transport as well. The SDK (1.0.x) removes a
 * session from its map only on the client's DELETE and has no API to end one otherwise, so a
 * client that simply goes away would leave its session there for the life of the process. This
 * reaches the transport's private session map; the version is pinned, and {@code SessionLifetimeTest}
 * fails if a new SDK moves it, rather than the server quietly leaking.
 */
final class SdkSessions implements Consumer<String> {

    private final Map<String, McpStreamableServerSession> sessions;

    private SdkSessions(Map<String, McpStreamableServerSession> sessions) {
        this.sessions = sessions;
    }

    static SdkSessions of(HttpServletStreamableServerTransportProvider transport) {
        try {
            var field = HttpServletStreamableServerTransportProvider.class.getDeclaredField("sessions");
            field.setAccessible(true);
            @SuppressWarnings("unchecked")
            var map = (Map<String, McpStreamableServerSession>) field.get(transport);
            return new SdkSessions(map);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ServerException("this MCP SDK version keeps its sessions where Gatehouse cannot end them", e);
        }
    }

    @Override
    public void accept(String sessionId) {
        var session = sessions.remove(sessionId);
        if (session != null) {
            // Ends its listening stream, if a client still holds one open.
            session.close();
        }
    }

    int size() {
        return sessions.size();
    }
}
