package dev.gatehouse.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.AuthenticationException.Reason;
import dev.gatehouse.api.auth.Principal;
import dev.gatehouse.config.ConfigNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Set;

/** Checks a verified token's claims and turns them into a principal. */
final class JwtClaims {

    static final int MAX_ATTRIBUTE_CHARS = 1024;
    static final int MAX_SUBJECT_CHARS = 256;

    private final AuthConfig.Jwt config;
    private final Clock clock;

    JwtClaims(AuthConfig.Jwt config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    Principal principal(JWTClaimsSet claims) {
        if (!config.issuer().equals(claims.getIssuer())) {
            throw new AuthenticationException(Reason.WRONG_ISSUER, "the token's issuer is not the configured one");
        }
        var audience = claims.getAudience();
        if (audience == null || audience.stream().noneMatch(config.audiences()::contains)) {
            throw new AuthenticationException(Reason.WRONG_AUDIENCE, "the token is not for this audience");
        }
        checkTimes(claims);
        var subject = claims.getSubject();
        if (subject == null
                || subject.isBlank()
                || subject.length() > MAX_SUBJECT_CHARS
                || subject.chars().anyMatch(Character::isISOControl)) {
            throw new AuthenticationException(Reason.MALFORMED, "the token has no usable sub claim");
        }
        return new Principal("jwt:" + config.issuer() + "#" + subject, scopes(claims), attributes(claims), "jwt");
    }

    private void checkTimes(JWTClaimsSet claims) {
        var now = clock.instant();
        var skew = config.clockSkew();
        var exp = instant(claims.getExpirationTime());
        if (exp == null) {
            throw new AuthenticationException(Reason.MALFORMED, "the token has no exp claim");
        }
        if (!now.isBefore(exp.plus(skew))) {
            throw new AuthenticationException(Reason.EXPIRED, "the token expired at " + exp);
        }
        var nbf = instant(claims.getNotBeforeTime());
        if (nbf != null && now.plus(skew).isBefore(nbf)) {
            throw new AuthenticationException(Reason.NOT_YET_VALID, "the token is not valid before " + nbf);
        }
        var iat = instant(claims.getIssueTime());
        if (iat != null && now.plus(skew).isBefore(iat)) {
            throw new AuthenticationException(Reason.NOT_YET_VALID, "the token was issued in the future (" + iat + ")");
        }
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private Set<String> scopes(JWTClaimsSet claims) {
        if (config.scopeClaim().isPresent()) {
            return scopeValue(claims.getClaim(config.scopeClaim().get()));
        }
        var scope = claims.getClaim("scope");
        return scope != null ? scopeValue(scope) : scopeValue(claims.getClaim("scp"));
    }

    private static Set<String> scopeValue(Object value) {
        return switch (value) {
            case null -> Set.of();
            case String s -> Scopes.fromSpaceSeparated(s);
            case Collection<?> list -> {
                var strings = new ArrayList<String>();
                for (var item : list) {
                    if (!(item instanceof String s)) {
                        throw new AuthenticationException(
                                Reason.MALFORMED, "the token's scope list holds a non-string");
                    }
                    strings.add(s);
                }
                yield Scopes.fromToken(strings);
            }
            default ->
                throw new AuthenticationException(
                        Reason.MALFORMED, "the token's scope claim is neither a string nor a list");
        };
    }

    private java.util.Map<String, String> attributes(JWTClaimsSet claims) {
        var attributes = new HashMap<String, String>();
        for (var name : config.attributeClaims()) {
            var text = attributeText(claims.getClaim(name));
            if (text == null) {
                continue;
            }
            if (text.length() > MAX_ATTRIBUTE_CHARS) {
                throw new AuthenticationException(
                        Reason.MALFORMED, "the token's claim " + ConfigNode.quote(name) + " is too long");
            }
            attributes.put(name, text);
        }
        return attributes;
    }

    /** Strings, numbers, booleans and lists of them; nested objects are left out. */
    private static String attributeText(Object value) {
        return switch (value) {
            case String s -> s;
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            case Date d -> String.valueOf(d.toInstant().getEpochSecond());
            case List<?> list
            when list.stream().allMatch(i -> i instanceof String || i instanceof Number || i instanceof Boolean) ->
                String.join(" ", list.stream().map(String::valueOf).toList());
            case null, default -> null;
        };
    }
}
