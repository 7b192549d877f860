package dev.gatehouse.api.manifest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Scope implications: holding a key scope grants every scope in its list. */
public record ScopeHierarchy(Map<String, List<String>> implies) {

    public ScopeHierarchy {
        var sorted = new TreeMap<String, List<String>>();
        implies.forEach((k, v) -> sorted.put(k, List.copyOf(v)));
        implies = java.util.Collections.unmodifiableMap(sorted);
    }

    public static ScopeHierarchy empty() {
        return new ScopeHierarchy(Map.of());
    }
}
