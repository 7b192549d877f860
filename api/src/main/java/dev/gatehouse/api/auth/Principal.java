package dev.gatehouse.api.auth;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who is calling, established by authentication and never by the caller's say-so.
 *
 * @param id stable identifier, e.g. {@code key:ci-bot}, {@code jwt:https://issuer#alice}
 * @param scopes the scopes the credential carries, before the hierarchy is applied
 * @param attributes further facts from the credential (claims, key metadata) for policies
 * @param authMethod {@code api_key}, {@code jwt}, {@code introspection}, {@code anonymous}
 */
public record Principal(String id, Set<String> scopes, Map<String, String> attributes, String authMethod) {

    public Principal {
        scopes = java.util.Collections.unmodifiableSet(new TreeSet<>(scopes));
        attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }
}
