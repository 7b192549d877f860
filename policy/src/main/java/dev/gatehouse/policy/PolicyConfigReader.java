package dev.gatehouse.policy;

import dev.gatehouse.config.ConfigList;
import dev.gatehouse.config.ConfigMap;
import dev.gatehouse.config.ConfigNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Reads {@link PolicyConfig}, compiling every expression so its problems are found at load. */
final class PolicyConfigReader {

    private PolicyConfigReader() {}

    static PolicyConfig read(Optional<ConfigNode> section) {
        return section.flatMap(ConfigNode::asList)
                .map(PolicyConfigReader::rules)
                .orElseGet(PolicyConfig::defaults);
    }

    private static PolicyConfig rules(ConfigList list) {
        if (list.items().size() > PolicySet.MAX_RULES) {
            list.node()
                    .problem("there are " + list.items().size() + " policies; at most " + PolicySet.MAX_RULES
                            + " are allowed, as every one is evaluated on every call");
            return PolicyConfig.defaults();
        }
        var ids = new HashSet<String>();
        var rules = new ArrayList<PolicyRule>();
        for (var map : list.maps()) {
            rule(map, ids).ifPresent(rules::add);
        }
        return new PolicyConfig(rules);
    }

    private static Optional<PolicyRule> rule(ConfigMap map, Set<String> ids) {
        map.allowOnly("id", "effect", "when");
        var id = map.required("id").flatMap(node -> node.asString().flatMap(value -> id(node, value, ids)));
        var effect = map.required("effect").flatMap(n -> n.asWord("effect", Effect.class));
        var when = map.required("when").flatMap(node -> node.asString().filter(text -> compiles(node, text, id)));
        if (id.isEmpty() || effect.isEmpty() || when.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PolicyRule(id.get(), effect.get(), when.get()));
    }

    private static Optional<String> id(ConfigNode node, String value, Set<String> ids) {
        if (!PolicySet.ID.matcher(value).matches()) {
            node.problem("policy id " + ConfigNode.quote(value) + " is not valid: " + PolicySet.ID_RULE);
            return Optional.empty();
        }
        if (!ids.add(value)) {
            node.problem("policy id " + ConfigNode.quote(value) + " is used by an earlier policy");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    private static boolean compiles(ConfigNode node, String text, Optional<String> id) {
        if (PolicyExpressions.compile(text) instanceof PolicyExpressions.Invalid invalid) {
            var name = id.map(ConfigNode::quote).map(q -> "policy " + q).orElse("this policy");
            node.problem(name + ": when " + invalid.message());
            return false;
        }
        return true;
    }
}
