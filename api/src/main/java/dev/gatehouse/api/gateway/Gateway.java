package dev.gatehouse.api.gateway;

import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.auth.Principal;
import java.util.List;

/**
 * What every surface (MCP over HTTP and stdio, the CLI, later A2A and REST) calls, and all it
 * may call: the host behind it runs the whole pipeline for each request.
 */
public interface Gateway {

    /** @throws AuthenticationException when the credentials prove nothing; its detail is for the audit log */
    Principal authenticate(Credentials credentials, RequestContext context);

    /** The tools this principal may call now; none when it holds no scopes (fail closed). */
    List<ToolView> listTools(Principal principal);

    CallResult call(CallRequest request);

    /** For {@code /.well-known/oauth-protected-resource}: where bearer tokens come from. */
    ResourceMetadata resourceMetadata();

    record ResourceMetadata(List<String> authorizationServers, List<String> scopesSupported) {
        public ResourceMetadata {
            authorizationServers = List.copyOf(authorizationServers);
            scopesSupported = List.copyOf(scopesSupported);
        }
    }
}
