package dev.gatehouse.server;

import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.gateway.Gateway;
import dev.gatehouse.api.gateway.RequestContext;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request's {@code Authorization} header into a caller through {@link Gateway#authenticate}.
 * No header means {@link Credentials.None}, which the gateway refuses unless the operator enabled
 * anonymous access. Refusals carry the RFC 6750 / RFC 9728 challenge MCP clients follow.
 */
final class Authenticator {

    sealed interface Outcome {
        /**
         * @param verified the authentication this admission rests on
         * @param fresh whether it was made for this request (else reused from the session)
         */
        record Admitted(Caller caller, SessionRegistry.Verified verified, boolean fresh) implements Outcome {}

        record Refused(int status, String challenge) implements Outcome {}
    }

    /**
     * What a request's {@code Authorization} header holds, parsed once: the credentials, their
     * digest (to recognise them on a session) and whether a header was sent at all.
     */
    record Presented(Credentials credentials, CredentialDigest digest, boolean header) {}

    /** A request without the header: the same every time, so its digest is computed once. */
    private static final Presented NOTHING =
            new Presented(new Credentials.None(), CredentialDigest.of(new Credentials.None()), false);

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

    /** The request's credentials; empty when its {@code Authorization} header is malformed. */
    Optional<Presented> presented(HttpServletRequest request) {
        var header = request.getHeader("Authorization");
        if (header == null) {
            return Optional.of(NOTHING);
        }
        var token = bearerToken(header);
        if (token == null) {
            return Optional.empty();
        }
        Credentials credentials =
                token.startsWith(API_KEY_PREFIX) ? new Credentials.ApiKey(token) : new Credentials.BearerToken(token);
        return Optional.of(new Presented(credentials, CredentialDigest.of(credentials), true));
    }

    /** The refusal for a malformed {@code Authorization} header. */
    Outcome.Refused malformed() {
        return invalidToken();
    }

    /** Authenticates in full through the gateway (which audits the outcome). */
    Outcome authenticate(Presented presented, HttpServletRequest request) {
        var now = clock.instant();
        var context = new RequestContext(now, request.getRemoteAddr(), "mcp-http");
        try {
            var principal = gateway.authenticate(presented.credentials(), context);
            if (principal == null) {
                return refusal(presented);
            }
            return new Outcome.Admitted(
                    new Caller(principal, context.clientAddress()),
                    new SessionRegistry.Verified(presented.digest(), principal, now),
                    true);
        } catch (AuthenticationException e) {
            if (e.reason() == AuthenticationException.Reason.UNAVAILABLE) {
                return new Outcome.Refused(503, "");
            }
            return refusal(presented);
        } catch (RuntimeException e) {
            // Its message could quote the credential: log the type only.
            log.error("authentication failed unexpectedly: {}", e.getClass().getSimpleName());
            return new Outcome.Refused(503, "");
        }
    }

    private Outcome.Refused refusal(Presented presented) {
        return presented.header() ? invalidToken() : missing();
    }

    private static String bearerToken(String header) {
        if (header.length() < 8 || !header.regionMatches(true, 0, "bearer ", 0, 7)) {
            return null;
        }
        var token = header.substring(7).strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN || !tokenCharacters(token)) {
            return null;
        }
        return token;
    }

    /** RFC 6750 b64token characters: {@code [A-Za-z0-9._~+/=-]}; checked per request, so no regex. */
    static boolean tokenCharacters(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '~'
                    || c == '+'
                    || c == '/'
                    || c == '='
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private Outcome.Refused missing() {
        return new Outcome.Refused(401, "Bearer resource_metadata=\"" + resourceMetadataUrl + "\"");
    }

    private Outcome.Refused invalidToken() {
        return new Outcome.Refused(
                401, "Bearer resource_metadata=\"" + resourceMetadataUrl + "\", error=\"invalid_token\"");
    }
}
