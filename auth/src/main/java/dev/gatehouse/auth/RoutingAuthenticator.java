package dev.gatehouse.auth;

import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.AuthenticationException.Reason;
import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.auth.Principal;
import dev.gatehouse.api.gateway.RequestContext;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Sends each kind of credential to the one verifier that may judge it; nothing else gets through. */
final class RoutingAuthenticator implements Authenticator {

    /** header.payload.signature in base64url; an empty signature still routes here, to be refused. */
    private static final Pattern JWS_SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private final AuthConfig.Anonymous anonymous;
    private final ApiKeyAuthenticator apiKeys;
    private final Optional<JwtAuthenticator> jwt;
    private final Optional<IntrospectionAuthenticator> introspection;

    RoutingAuthenticator(
            AuthConfig.Anonymous anonymous,
            ApiKeyAuthenticator apiKeys,
            Optional<JwtAuthenticator> jwt,
            Optional<IntrospectionAuthenticator> introspection) {
        this.anonymous = anonymous;
        this.apiKeys = apiKeys;
        this.jwt = jwt;
        this.introspection = introspection;
    }

    @Override
    public Principal authenticate(Credentials credentials, RequestContext context) {
        try {
            return route(credentials);
        } catch (AuthenticationException e) {
            throw e;
        } catch (RuntimeException e) {
            // A verifier or store failed in a way nobody foresaw. Fail closed, and keep the message
            // out: library messages sometimes quote their input.
            throw new AuthenticationException(
                    Reason.UNAVAILABLE,
                    "authentication failed unexpectedly (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Principal route(Credentials credentials) {
        return switch (credentials) {
            case null -> throw new AuthenticationException(Reason.MISSING, "no credentials");
            case Credentials.None none -> anonymous();
            case Credentials.ApiKey key -> apiKeys.authenticate(present(key.key()));
            case Credentials.BearerToken bearer -> bearer(present(bearer.token()));
        };
    }

    private Principal bearer(String token) {
        if (token.startsWith(ApiKeyFormat.PREFIX)) {
            return apiKeys.authenticate(token);
        }
        if (jwt.isPresent() && JWS_SHAPE.matcher(token).matches()) {
            return jwt.get().authenticate(token);
        }
        if (introspection.isPresent()) {
            return introspection.get().authenticate(token);
        }
        throw new AuthenticationException(
                Reason.MALFORMED,
                jwt.isPresent()
                        ? "the bearer token is not a JWT"
                        : "bearer tokens other than API keys are not accepted");
    }

    private Principal anonymous() {
        if (!anonymous.enabled()) {
            throw new AuthenticationException(Reason.MISSING, "no credentials, and anonymous access is off");
        }
        return new Principal("anonymous", anonymous.scopes(), Map.of(), "anonymous");
    }

    private static String present(String value) {
        if (value == null || value.isEmpty()) {
            throw new AuthenticationException(Reason.MISSING, "an empty credential");
        }
        return value;
    }
}
