package dev.gatehouse.policy;

import dev.gatehouse.api.manifest.ScopeHierarchy;
import dev.gatehouse.config.ConfigMap;
import dev.gatehouse.config.ConfigNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/** Reads {@link ScopeConfig}, reporting every malformed scope where it is written. */
final class ScopeConfigReader {

    private ScopeConfigReader() {}

    static ScopeConfig read(Optional<ConfigNode> section) {
        var hierarchy = section.flatMap(ConfigNode::asMap).flatMap(map -> {
            map.allowOnly("hierarchy");
            return map.optionalMap("hierarchy");
        });
        return hierarchy.map(ScopeConfigReader::hierarchy).orElseGet(ScopeConfig::defaults);
    }

    private static ScopeConfig hierarchy(ConfigMap map) {
        var implies = new LinkedHashMap<String, List<String>>();
        for (var entry : map.entries()) {
            var key = scope(entry.keyNode(), entry.key());
            var granted = new ArrayList<String>();
            entry.value().asList().ifPresent(list -> list.items()
                    .forEach(
                            item -> item.asString().flatMap(s -> scope(item, s)).ifPresent(granted::add)));
            // A duplicated key was already reported by the reader; the first one counts.
            key.ifPresent(k -> implies.putIfAbsent(k, granted));
        }
        return new ScopeConfig(new ScopeHierarchy(implies));
    }

    private static Optional<String> scope(ConfigNode node, String value) {
        if (Scopes.isValid(value)) {
            return Optional.of(value);
        }
        node.problem(ConfigNode.quote(value) + " is not a scope: " + Scopes.RULE);
        return Optional.empty();
    }
}
