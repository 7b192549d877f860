package dev.gatehouse.server;

import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.gateway.Gateway;
import dev.gatehouse.api.gateway.RequestContext;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request's {@code Authorization} header into a caller through {@link Gateway#authenticate}.
 * No header means {@link Credentials.None}, which the gateway refuses unless the operator enabled
 * anonymous access. Refusals carry the RFC 6750 / RFC 9728 challenge MCP clients follow.
 */
final class Authenticator {

    sealed interface Outcome {
        record Admitted(Caller caller) implements Outcome {}

        record Refused(int status, String challenge) implements Outcome {}
    }

    static final String API_KEY_PREFIX = "ghk_";
    private static final int MAX_TOKEN = 8192;
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

    private final Gateway gateway;
    private final Clock clock;
    private final String resourceMetadataUrl;

    Authenticator(Gateway gateway, Clock clock, String resourceMetadataUrl) {
        this.gateway = gateway;
        this.clock = clock;
        this.resourceMetadataUrl = resourceMetadataUrl;
    }

    Outcome authenticate(HttpServletRequest request) {
        var header = request.getHeader("Authorization");
        Credentials credentials;
        if (header == null) {
            credentials = new Credentials.None();
        } else {
            var token = bearerToken(header);
            if (token == null) {
                return invalidToken();
            }
            credentials = token.startsWith(API_KEY_PREFIX)
                    ? new Credentials.ApiKey(token)
                    : new Credentials.BearerToken(token);
        }
        var context = new RequestContext(clock.instant(), request.getRemoteAddr(), "mcp-http");
        try {
            var principal = gateway.authenticate(credentials, context);
            if (principal == null) {
                return header == null ? missing() : invalidToken();
            }
            return new Outcome.Admitted(new Caller(principal, request.getRemoteAddr()));
        } catch (AuthenticationException e) {
            if (e.reason() == AuthenticationException.Reason.UNAVAILABLE) {
                return new Outcome.Refused(503, "");
            }
            return header == null ? missing() : invalidToken();
        } catch (RuntimeException e) {
            // Its message could quote the credential: log the type only.
            log.error("authentication failed unexpectedly: {}", e.getClass().getSimpleName());
            return new Outcome.Refused(503, "");
        }
    }

    private static String bearerToken(String header) {
        if (header.length() < 8
                || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        var token = header.substring(7).strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN || !token.matches("[A-Za-z0-9._~+/=-]+")) {
            return null;
        }
        return token;
    }

    private Outcome missing() {
        return new Outcome.Refused(401, "Bearer resource_metadata=\"" + resourceMetadataUrl + "\"");
    }

    private Outcome invalidToken() {
        return new Outcome.Refused(
                401, "Bearer resource_metadata=\"" + resourceMetadataUrl + "\", error=\"invalid_token\"");
    }
}
