package dev.gatehouse.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What may be shown about an API key: never the key, never its hash.
 *
 * @param keyId the key's public identifier (the part after {@code ghk_}); not a secret
 */
public record ApiKeyInfo(
        String name,
        String keyId,
        Set<String> scopes,
        Instant createdAt,
        Optional<Instant> expiresAt,
        Optional<Instant> revokedAt,
        Optional<Instant> lastUsedAt) {

    public ApiKeyInfo {
        scopes = java.util.Collections.unmodifiableSet(new TreeSet<>(scopes));
    }

    public boolean revoked() {
        return revokedAt.isPresent();
    }

    public boolean expiredAt(Instant now) {
        return expiresAt.map(e -> !now.isBefore(e)).orElse(false);
    }
}
