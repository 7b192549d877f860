package dev.gatehouse.auth;

import dev.gatehouse.config.ConfigSection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code auth:} section of gatehouse.yaml. API keys are always accepted; bearer tokens only
 * when {@code jwt} or {@code introspection} is configured; no credential only when anonymous
 * access is enabled.
 *
 * <pre>{@code
 * auth:
 *   anonymous: {enabled: false, scopes: []}
 *   jwt:
 *     issuer: https://idp.example.com/
 *     audience: gatehouse                 # or a list
 *     jwks_url: https://idp.example.com/jwks.json   # or public_key_file, or hs256_secret_file
 *     algorithms: [RS256, ES256]
 *     clock_skew: 60s                     # at most 5m
 *     scope_claim: scope                  # default: scope, else scp
 *     attribute_claims: [email]
 *   introspection:
 *     endpoint: https://idp.example.com/oauth2/introspect
 *     client_id: gatehouse
 *     client_secret_file: /etc/gatehouse/introspection.secret   # mode 0600
 *     cache_ttl: 30s                      # at most 5m
 *     issuer: https://idp.example.com/    # optional; checked when the response names one
 * }</pre>
 */
public record AuthConfig(Anonymous anonymous, Optional<Jwt> jwt, Optional<Introspection> introspection) {

    public static final ConfigSection<AuthConfig> SECTION =
            new ConfigSection<>("auth", AuthConfig.class, AuthConfigReader::read);

    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(30);
    public static final Duration MAX_CACHE_TTL = Duration.ofMinutes(5);

    /** Nothing but API keys: no anonymous access, no bearer tokens. */
    public static AuthConfig defaults() {
        return new AuthConfig(new Anonymous(false, Set.of()), Optional.empty(), Optional.empty());
    }

    /** @param scopes what a caller without credentials gets; only used when enabled */
    public record Anonymous(boolean enabled, Set<String> scopes) {
        public Anonymous {
            scopes = java.util.Collections.unmodifiableSet(new TreeSet<>(scopes));
        }
    }

    /** Where the keys that verify JWT signatures come from. */
    public sealed interface KeySource {

        /** A JWK set fetched over HTTPS (plain HTTP only on loopback), cached, refreshed on unknown {@code kid}. */
        record JwksUrl(URI url) implements KeySource {}

        /** RSA or EC public keys in a PEM {@code PUBLIC KEY} file, or a JWK or JWK set JSON file. */
        record PublicKeyFile(Path file) implements KeySource {}

        /** A shared HMAC secret in an owner-only file; only HS algorithms go with it. */
        record Hs256SecretFile(Path file) implements KeySource {}

        default boolean symmetric() {
            return this instanceof Hs256SecretFile;
        }
    }

    /**
     * @param audiences a token's {@code aud} must contain one of these
     * @param algorithms JWS algorithm names; never {@code none}, and all of one family (HS, or
     *     RS/PS/ES) matching the key source
     * @param scopeClaim the claim scopes come from; empty means {@code scope}, else {@code scp}
     * @param attributeClaims claims copied into the principal's attributes
     */
    public record Jwt(
            String issuer,
            Set<String> audiences,
            KeySource keys,
            Set<String> algorithms,
            Duration clockSkew,
            Optional<String> scopeClaim,
            List<String> attributeClaims) {
        public Jwt {
            audiences = Set.copyOf(audiences);
            algorithms = java.util.Collections.unmodifiableSet(new TreeSet<>(algorithms));
            attributeClaims = List.copyOf(attributeClaims);
        }
    }

    /** @param issuer the authorization server, when known; checked against a response's {@code iss} */
    public record Introspection(
            URI endpoint, String clientId, Path clientSecretFile, Duration cacheTtl, Optional<String> issuer) {}

    /**
     * The authorization servers whose tokens this resource accepts, for {@code
     * /.well-known/oauth-protected-resource} (RFC 9728): the JWT issuer and the introspection
     * issuer, without repeats.
     */
    public List<String> authorizationServers() {
        var servers = new ArrayList<String>();
        jwt.ifPresent(j -> servers.add(j.issuer()));
        introspection
                .flatMap(Introspection::issuer)
                .filter(i -> !servers.contains(i))
                .ifPresent(servers::add);
        return List.copyOf(servers);
    }
}
