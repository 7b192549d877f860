package dev.gatehouse.auth;

import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.util.Optional;

/** Builds the authenticator the operator's configuration describes. */
public final class Authenticators {

    private Authenticators() {}

    /**
     * Routes each credential to its verifier: API keys (as such, or as bearer tokens starting
     * {@code ghk_}) to the key store; other bearer tokens to JWT verification when configured and
     * the token is JWS-shaped, else to introspection when configured, else refused; no credential
     * to the anonymous principal only when enabled.
     *
     * @throws AuthSetupException when a configured key or secret file cannot be used
     */
    public static Authenticator from(AuthConfig config, ApiKeyStore keys, Clock clock) {
        return from(config, keys, clock, JwtKeys.FetchLimits.DEFAULT, IntrospectionClient.Limits.DEFAULT);
    }

    static Authenticator from(
            AuthConfig config,
            ApiKeyStore keys,
            Clock clock,
            JwtKeys.FetchLimits jwksLimits,
            IntrospectionClient.Limits introspectionLimits) {
        Optional<JwtAuthenticator> jwt = config.jwt().map(j -> {
            JWSKeySelector<SecurityContext> selector = JwtKeys.selector(j, jwksLimits);
            return new JwtAuthenticator(j, selector, clock);
        });
        Optional<IntrospectionAuthenticator> introspection = config.introspection()
                .map(i -> new IntrospectionAuthenticator(
                        i,
                        new IntrospectionClient(
                                i.endpoint(),
                                i.clientId(),
                                SecretFiles.readOwnerOnly(i.clientSecretFile()),
                                introspectionLimits),
                        clock));
        return new RoutingAuthenticator(config.anonymous(), new ApiKeyAuthenticator(keys, clock), jwt, introspection);
    }
}
