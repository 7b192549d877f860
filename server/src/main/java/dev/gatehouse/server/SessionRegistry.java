package dev.gatehouse.server;

import dev.gatehouse.api.gateway.Authenticated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Which principal started each live MCP session, and the last credential that proved it. A session
 * answers only the principal that initialized it; to anyone else it does not exist.
 *
 * <p>Later requests on a session that present the very credential last verified for it (same
 * SHA-256, compared in constant time) reuse that authentication for at most {@code
 * reauthenticateAfter}; after that, or with any other credential, the request is authenticated
 * again, so a revoked or expired credential stops working within that interval. A zero interval
 * authenticates every request.
 *
 * <p>Sessions end: one not used for {@code idleTimeout} is gone (its owner gets 404 and starts a
 * new one, as the MCP specification has clients do), and a principal holding {@code
 * maxPerPrincipal} sessions loses its least recently used one when it starts another. Without
 * both, any key could fill the server-wide cap and lock every other client out. Each ended session
 * is handed to the {@code ended} callback so the transport can drop its state too.
 */
final class SessionRegistry {

    static final int MAX_SESSIONS = 10_000;

    /** One successful authentication: what was presented, whom it proved, and when. */
    record Verified(CredentialDigest credential, Authenticated who, Instant at) {}

    private static final class Binding {
        final Verified verified;
        volatile Instant lastUsed;

        Binding(Verified verified, Instant lastUsed) {
            this.verified = verified;
            this.lastUsed = lastUsed;
        }

        /** Fixed for the session's life: {@link #refresh} keeps only verifications of this principal. */
        String owner() {
            return verified.who().principalId();
        }

        Binding with(Verified newer) {
            return new Binding(newer, lastUsed);
        }
    }

    private final ConcurrentHashMap<String, Binding> bindings = new ConcurrentHashMap<>();
    private final ServerConfig.Sessions limits;
    private final Consumer<String> ended;

    SessionRegistry(ServerConfig.Sessions limits, Consumer<String> ended) {
        this.limits = limits;
        this.ended = ended;
    }

    /**
     * Binds a new session to the principal {@code verified} proved, first ending idle sessions and,
     * when that principal is at its cap, its least recently used one.
     */
    void bind(String sessionId, Verified verified) {
        var now = verified.at();
        var owner = verified.who().principalId();
        var own = new ArrayList<Map.Entry<String, Binding>>();
        // One pass: idle sessions end, whoever holds them; the owner's live ones are counted.
        bindings.forEach((id, b) -> {
            if (idle(b, now)) {
                end(id, b);
            } else if (b.owner().equals(owner)) {
                own.add(Map.entry(id, b));
            }
        });
        if (own.size() >= limits.maxPerPrincipal()) {
            own.sort(Comparator.comparing(e -> e.getValue().lastUsed));
            own.subList(0, own.size() - limits.maxPerPrincipal() + 1).forEach(e -> end(e.getKey(), e.getValue()));
        }
        bindings.put(sessionId, new Binding(verified, now));
    }

    /**
     * The last verification of a session when it is recent and was made with the credential
     * presented now; empty when the request must be authenticated in full.
     */
    Optional<Verified> reuse(String sessionId, CredentialDigest presented, Instant now) {
        var binding = bindings.get(sessionId);
        if (binding == null || limits.reauthenticateAfter().isZero()) {
            return Optional.empty();
        }
        var verified = binding.verified;
        // A clock that went backwards proves nothing about freshness: authenticate again.
        boolean fresh =
                !now.isBefore(verified.at()) && now.isBefore(verified.at().plus(limits.reauthenticateAfter()));
        return fresh && verified.credential().matches(presented) ? Optional.of(verified) : Optional.empty();
    }

    /** Remembers a newer verification of a session's own principal; another principal's changes nothing. */
    void refresh(String sessionId, Verified verified) {
        bindings.computeIfPresent(
                sessionId,
                (id, binding) -> binding.owner().equals(verified.who().principalId())
                                && !verified.at().isBefore(binding.verified.at())
                        ? binding.with(verified)
                        : binding);
    }

    /**
     * Whether the session is live and {@code principalId}'s; if so it counts as used now. An idle
     * session found here ends, whoever asked.
     */
    boolean ownedBy(String sessionId, String principalId, Instant now) {
        var binding = bindings.get(sessionId);
        if (binding == null) {
            return false;
        }
        if (idle(binding, now)) {
            end(sessionId, binding);
            return false;
        }
        if (!binding.owner().equals(principalId)) {
            return false;
        }
        if (now.isAfter(binding.lastUsed)) {
            binding.lastUsed = now;
        }
        return true;
    }

    /** Ends every session idle at {@code now}; returns how many. */
    int expire(Instant now) {
        int count = 0;
        for (var entry : bindings.entrySet()) {
            if (idle(entry.getValue(), now) && end(entry.getKey(), entry.getValue())) {
                count++;
            }
        }
        return count;
    }

    /** A session its owner ended (DELETE); the transport already dropped it. */
    void remove(String sessionId) {
        bindings.remove(sessionId);
    }

    boolean full() {
        return bindings.size() >= MAX_SESSIONS;
    }

    int size() {
        return bindings.size();
    }

    private boolean idle(Binding binding, Instant now) {
        return !now.isBefore(binding.lastUsed.plus(limits.idleTimeout()));
    }

    /** Removes exactly this binding (not a newer one under the same id) and tells the transport. */
    private boolean end(String sessionId, Binding binding) {
        if (bindings.remove(sessionId, binding)) {
            ended.accept(sessionId);
            return true;
        }
        return false;
    }
}
