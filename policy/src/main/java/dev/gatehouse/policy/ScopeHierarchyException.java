package dev.gatehouse.policy;

import dev.gatehouse.config.ConfigNode;
import java.util.Optional;

/**
 * A scope hierarchy that may not be combined into the {@link ScopeGraph}: a plugin that tries to
 * grant {@code admin} or another plugin's scopes, or a scope that is not a scope at all.
 *
 * @see ScopeGraph#compile
 */
public final class ScopeHierarchyException extends PolicyException {

    /** Why the hierarchy was refused. */
    public enum Reason {
        /** Not {@code namespace:action} (nor {@code admin} in the operator's hierarchy). */
        MALFORMED_SCOPE,
        /** A plugin's hierarchy mentions {@code admin}, which only the operator may arrange. */
        ADMIN,
        /** A plugin's hierarchy mentions a namespace none of its tools uses. */
        FOREIGN_NAMESPACE,
        /** Two plugins' hierarchies arrange the same namespace. */
        CONTESTED_NAMESPACE
    }

    private final Optional<String> plugin;
    private final String scope;
    private final Reason reason;

    ScopeHierarchyException(Optional<String> plugin, String scope, Reason reason, String detail) {
        super(plugin.map(p -> "plugin " + ConfigNode.quote(p)).orElse("the operator's scope hierarchy") + ": "
                + ConfigNode.quote(scope) + " " + detail);
        this.plugin = plugin;
        this.scope = scope;
        this.reason = reason;
    }

    /** The plugin whose hierarchy was refused; empty for the operator's own hierarchy. */
    public Optional<String> plugin() {
        return plugin;
    }

    /** The offending scope as written. */
    public String scope() {
        return scope;
    }

    public Reason reason() {
        return reason;
    }
}
