package dev.gatehouse.auth;

import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.auth.Principal;
import dev.gatehouse.api.gateway.RequestContext;

/** Stage 1 of the call pipeline: establishes who is calling. */
@FunctionalInterface
public interface Authenticator {

    /**
     * @return the caller, never null
     * @throws dev.gatehouse.api.auth.AuthenticationException for every failure, whatever was
     *     presented; its detail never contains the credential
     */
    Principal authenticate(Credentials credentials, RequestContext context);
}
