package dev.gatehouse.auth;

import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.AuthenticationException.Reason;
import dev.gatehouse.api.auth.Principal;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Checks a presented {@code ghk_} key against the store. */
final class ApiKeyAuthenticator {

    /** How stale a key's last-used time may get before a use is written: one write a minute, not one a call. */
    static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

    /** Compares two digests; {@link MessageDigest#isEqual} takes time independent of where they differ. */
    @FunctionalInterface
    interface DigestComparison {
        boolean equal(byte[] expected, byte[] actual);
    }

    // Compared against when the key id is unknown, so an unknown id costs what a wrong secret costs.
    private static final byte[] DUMMY_SALT = new byte[ApiKeyFormat.SALT_BYTES];
    private static final byte[] DUMMY_HASH = ApiKeyFormat.hash(DUMMY_SALT, new byte[ApiKeyFormat.SECRET_BYTES]);

    private final ApiKeyStore store;
    private final Clock clock;
    private final DigestComparison comparison;

    ApiKeyAuthenticator(ApiKeyStore store, Clock clock) {
        this(store, clock, MessageDigest::isEqual);
    }

    ApiKeyAuthenticator(ApiKeyStore store, Clock clock, DigestComparison comparison) {
        this.store = store;
        this.clock = clock;
        this.comparison = comparison;
    }

    Principal authenticate(String presented) {
        var parsed = ApiKeyFormat.parse(presented)
                .orElseThrow(() -> new AuthenticationException(Reason.MALFORMED, "not an API key in the ghk_ format"));
        var stored = store.findByKeyId(parsed.keyId());
        var salt = stored.map(StoredApiKey::salt).orElse(DUMMY_SALT);
        var expected = stored.map(StoredApiKey::secretHash).orElse(DUMMY_HASH);
        boolean matches = comparison.equal(expected, ApiKeyFormat.hash(salt, parsed.secret()));
        if (stored.isEmpty() || !matches) {
            throw new AuthenticationException(Reason.UNKNOWN_KEY, "no API key matches the presented key");
        }
        // Only someone holding the secret learns whether the key was revoked or expired.
        var info = stored.get().info();
        var now = clock.instant();
        if (info.revoked()) {
            throw new AuthenticationException(Reason.REVOKED, "API key '" + info.name() + "' was revoked");
        }
        if (info.expiredAt(now)) {
            throw new AuthenticationException(Reason.EXPIRED, "API key '" + info.name() + "' has expired");
        }
        if (info.lastUsedAt()
                .map(t -> t.plus(LAST_USED_GRANULARITY).isBefore(now))
                .orElse(true)) {
            store.recordUse(info.keyId(), now);
        }
        return new Principal(
                "key:" + info.name(),
                info.scopes(),
                Map.of("key_name", info.name(), "key_id", info.keyId()),
                "api_key");
    }
}
