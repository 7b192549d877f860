package dev.gatehouse.policy;

import dev.gatehouse.api.auth.Principal;
import dev.gatehouse.api.gateway.RequestContext;
import dev.gatehouse.api.manifest.ToolDefinition;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What policies see of one call. In CEL these are the variables {@code principal}, {@code tool},
 * {@code args} and {@code request}; see {@link PolicySet}.
 *
 * @param args the call's JSON arguments as plain Java: {@code String}, {@code Boolean}, numbers,
 *     {@code null}, {@code List} and {@code Map<String, ?>}
 */
public record PolicyInput(Caller principal, Tool tool, Map<String, Object> args, Request request) {

    public PolicyInput {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(request, "request");
        // A shallow copy: JSON null values are allowed, and nested values are checked when read.
        args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }

    /**
     * @param scopes as the credential carries them
     * @param effectiveScopes after the scope hierarchy ({@link ScopeGraph#expand})
     * @param authMethod {@code api_key}, {@code jwt}, ...
     */
    public record Caller(
            String id,
            Set<String> scopes,
            Set<String> effectiveScopes,
            Map<String, String> attributes,
            String authMethod) {

        public Caller {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(authMethod, "authMethod");
            scopes = Set.copyOf(scopes);
            effectiveScopes = Set.copyOf(effectiveScopes);
            attributes = Map.copyOf(attributes);
        }
    }

    /** @param effects {@code read}, {@code write}, {@code destructive} or {@code external} */
    public record Tool(String name, String plugin, String effects, List<String> scopes) {

        public Tool {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(plugin, "plugin");
            Objects.requireNonNull(effects, "effects");
            scopes = List.copyOf(scopes);
        }
    }

    /** @param surface {@code mcp-http}, {@code cli}, ... */
    public record Request(Instant time, String clientAddress, String surface) {

        public Request {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(clientAddress, "clientAddress");
            Objects.requireNonNull(surface, "surface");
        }
    }

    /** The input for a call, from the pipeline's own types. */
    public static PolicyInput of(
            Principal principal,
            Set<String> effectiveScopes,
            String plugin,
            ToolDefinition tool,
            Map<String, Object> args,
            RequestContext request) {
        return new PolicyInput(
                new Caller(
                        principal.id(),
                        principal.scopes(),
                        effectiveScopes,
                        principal.attributes(),
                        principal.authMethod()),
                new Tool(tool.name(), plugin, tool.effects().word(), tool.requiredScopes()),
                args,
                new Request(request.time(), request.clientAddress(), request.surface()));
    }

    /** Argument values may be secret: only their names are shown. */
    @Override
    public String toString() {
        return "PolicyInput[principal=" + principal + ", tool=" + tool + ", args=" + args.keySet() + ", request="
                + request + "]";
    }
}
