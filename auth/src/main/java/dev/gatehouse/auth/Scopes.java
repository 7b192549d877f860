package dev.gatehouse.auth;

import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.AuthenticationException.Reason;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Scope syntax: ours for what the operator grants, RFC 6749's for what tokens from elsewhere carry. */
final class Scopes {

    /** The manifest's {@code namespace:permission} form, so a granted scope can match a tool's. */
    static final Pattern GRANTED = Pattern.compile("[a-z][a-z0-9_-]{0,31}:[a-z][a-z0-9_-]{0,31}");

    /** RFC 6749 section 3.3 scope-token characters, bounded in length. */
    private static final Pattern TOKEN_SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");

    static final int MAX_SCOPES = 256;

    private Scopes() {}

    /** The operator's top scope: implies every other one (see the policy module's scope graph). */
    static final String ADMIN = "admin";

    static boolean isGrantable(String scope) {
        return scope != null && (scope.equals(ADMIN) || GRANTED.matcher(scope).matches());
    }

    /** Scopes a token carries; a token with a scope outside the syntax, or too many, is malformed. */
    static Set<String> fromToken(Collection<String> scopes) {
        if (scopes.size() > MAX_SCOPES) {
            throw new AuthenticationException(
                    Reason.MALFORMED, "the token carries more than " + MAX_SCOPES + " scopes");
        }
        var result = new LinkedHashSet<String>();
        for (var scope : scopes) {
            if (scope == null || !TOKEN_SCOPE.matcher(scope).matches()) {
                throw new AuthenticationException(
                        Reason.MALFORMED, "the token carries a scope outside RFC 6749 syntax");
            }
            result.add(scope);
        }
        return result;
    }

    /** A space-separated {@code scope} value, as RFC 6749 and RFC 7662 write it. */
    static Set<String> fromSpaceSeparated(String value) {
        if (value.length() > MAX_SCOPES * 129) {
            throw new AuthenticationException(Reason.MALFORMED, "the token's scope value is too long");
        }
        return fromToken(java.util.Arrays.stream(value.split(" "))
                .filter(s -> !s.isEmpty())
                .toList());
    }
}
