package dev.gatehouse.server;

import dev.gatehouse.api.auth.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which principal started each live MCP session, and the last credential that proved it. A session
 * answers only the principal that initialized it; to anyone else it does not exist.
 *
 * <p>Later requests on a session that present the very credential last verified for it (same
 * SHA-256, compared in constant time) reuse that authentication for at most {@code reuseFor};
 * after that, or with any other credential, the request is authenticated again, so a revoked or
 * expired credential stops working within {@code reuseFor}. A zero {@code reuseFor} authenticates
 * every request.
 */
final class SessionRegistry {

    static final int MAX_SESSIONS = 10_000;

    /** One successful authentication: what was presented, whom it proved, and when. */
    record Verified(CredentialDigest credential, Principal principal, Instant at) {}

    private record Binding(String owner, Verified verified) {}

    private final ConcurrentHashMap<String, Binding> bindings = new ConcurrentHashMap<>();
    private final Duration reuseFor;

    SessionRegistry(Duration reuseFor) {
        if (reuseFor.isNegative()) {
            throw new IllegalArgumentException("reuseFor must not be negative");
        }
        this.reuseFor = reuseFor;
    }

    /** Binds a new session to the principal {@code verified} proved. */
    void bind(String sessionId, Verified verified) {
        bindings.put(sessionId, new Binding(verified.principal().id(), verified));
    }

    /**
     * The last verification of a session when it is recent and was made with the credential
     * presented now; empty when the request must be authenticated in full.
     */
    Optional<Verified> reuse(String sessionId, CredentialDigest presented, Instant now) {
        var binding = bindings.get(sessionId);
        if (binding == null || reuseFor.isZero()) {
            return Optional.empty();
        }
        var verified = binding.verified();
        // A clock that went backwards proves nothing about freshness: authenticate again.
        boolean fresh =
                !now.isBefore(verified.at()) && now.isBefore(verified.at().plus(reuseFor));
        return fresh && verified.credential().matches(presented) ? Optional.of(verified) : Optional.empty();
    }

    /** Remembers a newer verification of a session's own principal; another principal's changes nothing. */
    void refresh(String sessionId, Verified verified) {
        bindings.computeIfPresent(
                sessionId,
                (id, binding) -> binding.owner().equals(verified.principal().id())
                                && !verified.at().isBefore(binding.verified().at())
                        ? new Binding(binding.owner(), verified)
                        : binding);
    }

    boolean ownedBy(String sessionId, String principalId) {
        var binding = bindings.get(sessionId);
        return binding != null && binding.owner().equals(principalId);
    }

    void remove(String sessionId) {
        bindings.remove(sessionId);
    }

    boolean full() {
        return bindings.size() >= MAX_SESSIONS;
    }

    int size() {
        return bindings.size();
    }
}
