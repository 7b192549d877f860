package dev.gatehouse.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.AuthenticationException.Reason;
import dev.gatehouse.api.auth.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Asks the authorization server whether an opaque token is active (RFC 7662) and remembers the
 * answer briefly. The cache is keyed by the token's SHA-256, so a heap dump holds no token.
 */
final class IntrospectionAuthenticator {

    static final int MAX_CACHED = 10_000;
    static final int MAX_TOKEN_CHARS = 16 * 1024;

    /** What the server said about one token; kept for at most the cache TTL and never past {@code exp}. */
    private record Answer(Optional<Principal> principal, Reason reason, String detail, Optional<Instant> expires) {}

    private final AuthConfig.Introspection config;
    private final IntrospectionClient client;
    private final Clock clock;
    private final Cache<String, Answer> cache;

    IntrospectionAuthenticator(AuthConfig.Introspection config, IntrospectionClient client, Clock clock) {
        this.config = config;
        this.client = client;
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(MAX_CACHED)
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .expireAfter(Expiry.<String, Answer>creating((key, answer) -> lifetime(answer)))
                .build();
    }

    Principal authenticate(String token) {
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw new AuthenticationException(Reason.MALFORMED, "the token is empty or too long");
        }
        // Concurrent requests with one token wait for one lookup; a failed lookup is not cached.
        var answer = cache.get(sha256(token), key -> judge(client.introspect(token)));
        if (answer.principal().isEmpty()) {
            throw new AuthenticationException(answer.reason(), answer.detail());
        }
        if (answer.expires().map(e -> !clock.instant().isBefore(e)).orElse(false)) {
            throw new AuthenticationException(Reason.EXPIRED, "the token has expired");
        }
        return answer.principal().get();
    }

    private Duration lifetime(Answer answer) {
        var ttl = config.cacheTtl();
        var untilExpiry = answer.expires().map(e -> Duration.between(clock.instant(), e));
        if (untilExpiry.isPresent() && untilExpiry.get().compareTo(ttl) < 0) {
            return untilExpiry.get().isNegative() ? Duration.ZERO : untilExpiry.get();
        }
        return ttl;
    }

    private Answer judge(JsonNode response) {
        var active = response.get("active");
        if (active == null || !active.isBoolean() || !active.booleanValue()) {
            return rejected(Reason.INACTIVE, "the authorization server says the token is not active");
        }
        var now = clock.instant();
        var exp = epochSeconds(response, "exp");
        if (exp.isPresent() && !now.isBefore(exp.get())) {
            return rejected(Reason.EXPIRED, "the token has expired");
        }
        var nbf = epochSeconds(response, "nbf");
        if (nbf.isPresent() && now.isBefore(nbf.get())) {
            return rejected(Reason.NOT_YET_VALID, "the token is not valid yet");
        }
        var iss = text(response, "iss");
        if (config.issuer().isPresent()
                && iss.isPresent()
                && !config.issuer().get().equals(iss.get())) {
            return rejected(Reason.WRONG_ISSUER, "the token's issuer is not the configured one");
        }
        var sub = text(response, "sub");
        var clientId = text(response, "client_id");
        var who = sub.or(() -> clientId.map(c -> "client:" + c));
        if (who.isEmpty()
                || who.get().length() > JwtClaims.MAX_SUBJECT_CHARS
                || who.get().chars().anyMatch(Character::isISOControl)) {
            return rejected(Reason.MALFORMED, "the introspection response names no usable sub or client_id");
        }
        Set<String> scopes =
                text(response, "scope").map(Scopes::fromSpaceSeparated).orElse(Set.of());
        var attributes = new HashMap<String, String>();
        clientId.filter(c -> c.length() <= JwtClaims.MAX_ATTRIBUTE_CHARS)
                .ifPresent(c -> attributes.put("client_id", c));
        text(response, "username")
                .filter(u -> u.length() <= JwtClaims.MAX_ATTRIBUTE_CHARS)
                .ifPresent(u -> attributes.put("username", u));
        var server = config.issuer()
                .orElse(config.endpoint().getScheme() + "://"
                        + config.endpoint().getRawAuthority());
        var principal = new Principal("introspection:" + server + "#" + who.get(), scopes, attributes, "introspection");
        return new Answer(Optional.of(principal), null, null, exp);
    }

    private static Answer rejected(Reason reason, String detail) {
        return new Answer(Optional.empty(), reason, detail, Optional.empty());
    }

    private static Optional<String> text(JsonNode response, String field) {
        var node = response.get(field);
        return node != null && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }

    private static Optional<Instant> epochSeconds(JsonNode response, String field) {
        var node = response.get(field);
        return node != null && node.canConvertToLong() && node.isNumber()
                ? Optional.of(Instant.ofEpochSecond(Math.clamp(node.longValue(), 0, Instant.MAX.getEpochSecond())))
                : Optional.empty();
    }

    static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
