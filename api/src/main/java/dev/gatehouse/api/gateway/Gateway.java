package dev.gatehouse.api.gateway;

import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.Credentials;
import java.util.List;

/**
 * What every surface (MCP over HTTP and stdio, the CLI, later A2A and REST) calls, and all it
 * may call: credentials go in, and only what the host authenticated comes out to call tools with.
 */
public interface Gateway {

    /**
     * Stage 1: who the credentials prove, recorded either way.
     *
     * @throws AuthenticationException when the credentials prove nothing; its detail is for the audit log
     */
    Authenticated authenticate(Credentials credentials, RequestContext context);

    /** For {@code /.well-known/oauth-protected-resource}: where bearer tokens come from. */
    ResourceMetadata resourceMetadata();

    record ResourceMetadata(List<String> authorizationServers, List<String> scopesSupported) {
        public ResourceMetadata {
            authorizationServers = List.copyOf(authorizationServers);
            scopesSupported = List.copyOf(scopesSupported);
        }
    }
}
