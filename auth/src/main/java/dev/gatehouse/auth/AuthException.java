package dev.gatehouse.auth;

/**
 * Base of every failure in the auth module outside a request's authentication, which fails with
 * the api's {@link dev.gatehouse.api.auth.AuthenticationException}. Messages are for the operator
 * and never contain a key, token or secret.
 */
public abstract class AuthException extends RuntimeException {

    protected AuthException(String message) {
        super(message);
    }

    protected AuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
