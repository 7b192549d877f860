package dev.gatehouse.policy;

import dev.gatehouse.api.manifest.ScopeHierarchy;
import dev.gatehouse.config.ConfigSection;
import java.util.Objects;

/**
 * The operator's {@code scopes:} section of gatehouse.yaml:
 *
 * <pre>{@code
 * scopes:
 *   hierarchy:
 *     "files:admin": ["files:write", "files:read"]
 *     "ops:root": [admin]
 * }</pre>
 *
 * <p>Holding a key scope grants every scope in its list, transitively. Every scope is {@code
 * namespace:action} or the word {@code admin}; unlike a plugin's, the operator's hierarchy may
 * mention any namespace and may grant {@code admin}.
 */
public record ScopeConfig(ScopeHierarchy hierarchy) {

    public static final ConfigSection<ScopeConfig> SECTION =
            new ConfigSection<>("scopes", ScopeConfig.class, ScopeConfigReader::read);

    public ScopeConfig {
        Objects.requireNonNull(hierarchy, "hierarchy");
    }

    public static ScopeConfig defaults() {
        return new ScopeConfig(ScopeHierarchy.empty());
    }
}
