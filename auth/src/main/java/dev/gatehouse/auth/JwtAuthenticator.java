package dev.gatehouse.auth;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.AuthenticationException.Reason;
import dev.gatehouse.api.auth.Principal;
import dev.gatehouse.config.ConfigNode;
import java.text.ParseException;
import java.time.Clock;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies a JWS-signed JWT: the header's algorithm must be one the operator allowed (which also
 * keeps HMAC apart from public keys), the signature must verify with a configured key, then the
 * claims are checked against the injected clock by {@link JwtClaims}.
 */
final class JwtAuthenticator {

    static final int MAX_TOKEN_CHARS = 16 * 1024;

    private final Set<JWSAlgorithm> algorithms;
    private final DefaultJWTProcessor<SecurityContext> processor;
    private final JwtClaims claims;

    JwtAuthenticator(AuthConfig.Jwt config, JWSKeySelector<SecurityContext> keys, Clock clock) {
        this.algorithms = config.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toUnmodifiableSet());
        this.processor = new DefaultJWTProcessor<>();
        // Plain JWTs and RFC 9068 access tokens; anything else named in typ is some other kind of object.
        processor.setJWSTypeVerifier(
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(keys);
        // Claims are checked by JwtClaims with the injected clock and a reason for each failure.
        processor.setJWTClaimsSetVerifier(null);
        this.claims = new JwtClaims(config, clock);
    }

    Principal authenticate(String token) {
        var jwt = parse(token);
        JWTClaimsSet verified;
        try {
            verified = processor.process(jwt, null);
        } catch (RateLimitReachedException e) {
            throw new AuthenticationException(
                    Reason.BAD_SIGNATURE,
                    "no key matches the token's key id (key set refreshed too recently to look again)");
        } catch (KeySourceException e) {
            throw new AuthenticationException(
                    Reason.UNAVAILABLE,
                    "the keys that verify tokens could not be fetched ("
                            + e.getClass().getSimpleName() + ")");
        } catch (BadJOSEException | JOSEException e) {
            throw new AuthenticationException(
                    Reason.BAD_SIGNATURE, "the signature does not verify with any configured key");
        }
        return claims.principal(verified);
    }

    private SignedJWT parse(String token) {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new AuthenticationException(
                    Reason.MALFORMED, "the token is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            throw new AuthenticationException(Reason.MALFORMED, "the token is not a JWT");
        }
        Header header;
        try {
            header = Header.parse(new Base64URL(token.substring(0, dot)));
        } catch (ParseException e) {
            throw new AuthenticationException(Reason.MALFORMED, "the token's header is not a JOSE header");
        }
        if (header instanceof PlainHeader || Algorithm.NONE.equals(header.getAlgorithm())) {
            throw new AuthenticationException(
                    Reason.ALGORITHM_NOT_ALLOWED, "unsigned tokens (alg none) are never accepted");
        }
        if (!(header instanceof JWSHeader jws)) {
            throw new AuthenticationException(Reason.ALGORITHM_NOT_ALLOWED, "encrypted tokens are not accepted");
        }
        if (!algorithms.contains(jws.getAlgorithm())) {
            throw new AuthenticationException(
                    Reason.ALGORITHM_NOT_ALLOWED,
                    "algorithm " + ConfigNode.quote(jws.getAlgorithm().getName()) + " is not allowed");
        }
        try {
            var jwt = SignedJWT.parse(token);
            jwt.getJWTClaimsSet();
            return jwt;
        } catch (ParseException e) {
            throw new AuthenticationException(Reason.MALFORMED, "the token is not a well-formed signed JWT");
        }
    }
}
