package dev.gatehouse.api.auth;

/** What a request presented to prove who it is. Values are secrets: never log or echo them. */
public sealed interface Credentials {

    /** An API key, from {@code Authorization: Bearer gh_...} or a key file. */
    record ApiKey(String key) implements Credentials {
        @Override
        public String toString() {
            return "ApiKey[***]";
        }
    }

    /** A bearer token that is not one of our API keys: a JWT or an opaque token to introspect. */
    record BearerToken(String token) implements Credentials {
        @Override
        public String toString() {
            return "BearerToken[***]";
        }
    }

    /** Nothing presented. Accepted only where the operator enabled anonymous access. */
    record None() implements Credentials {}
}
