package dev.gatehouse.server;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which principal started each live MCP session. A session answers only the principal that
 * initialized it; to anyone else it does not exist.
 */
final class SessionRegistry {

    static final int MAX_SESSIONS = 10_000;

    private final ConcurrentHashMap<String, String> owners = new ConcurrentHashMap<>();

    void bind(String sessionId, String principalId) {
        owners.put(sessionId, principalId);
    }

    boolean ownedBy(String sessionId, String principalId) {
        return Optional.ofNullable(owners.get(sessionId))
                .map(principalId::equals)
                .orElse(false);
    }

    void remove(String sessionId) {
        owners.remove(sessionId);
    }

    boolean full() {
        return owners.size() >= MAX_SESSIONS;
    }

    int size() {
        return owners.size();
    }
}
