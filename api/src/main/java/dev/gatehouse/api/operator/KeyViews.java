package dev.gatehouse.api.operator;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API keys as the operator sees them: never a key's text after it was created. */
public final class KeyViews {

    private KeyViews() {}

    /** @param status {@code active}, {@code expired} or {@code revoked}, now */
    public record Key(
            String name,
            String keyId,
            List<String> scopes,
            String status,
            Instant createdAt,
            Optional<Instant> expiresAt,
            Optional<Instant> lastUsedAt,
            Optional<Instant> revokedAt) {
        public Key {
            scopes = List.copyOf(scopes);
        }
    }

    /** A new key: {@code key} is its text, shown once and never stored. */
    public record Created(String key, Key info) {
        @Override
        public String toString() {
            return "Created[key=***, info=" + info + "]";
        }
    }
}
