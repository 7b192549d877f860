/**
 * Authentication, stage 1 of the call pipeline: {@link dev.gatehouse.auth.Authenticators#from}
 * builds an {@link dev.gatehouse.auth.Authenticator} from the {@code auth:} section ({@link
 * dev.gatehouse.auth.AuthConfig}) over an {@link dev.gatehouse.auth.ApiKeyStore}. API keys, JWTs
 * (JWKS URL, public key file or HMAC secret file) and RFC 7662 introspection; every failure is an
 * {@link dev.gatehouse.api.auth.AuthenticationException} with a reason for the audit log.
 */
package dev.gatehouse.auth;
