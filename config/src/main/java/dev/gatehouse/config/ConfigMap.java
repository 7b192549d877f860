package dev.gatehouse.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A located mapping in a {@link ConfigTree}. Lookups report what is missing or of the wrong kind
 * and return empty; a duplicated key has already been reported, and its first value is used.
 */
public final class ConfigMap {

    /** One key and its value, both located. */
    public record Entry(String key, ConfigNode keyNode, ConfigNode value) {}

    private final ConfigNode self;
    private final List<Entry> entries;

    ConfigMap(ConfigNode self, MappingNode mapping, Problems problems) {
        this.self = self;
        var list = new ArrayList<Entry>();
        for (var tuple : mapping.getValue()) {
            var keyNode = new ConfigNode(tuple.getKeyNode(), problems);
            if (tuple.getKeyNode() instanceof ScalarNode key && !Tag.NULL.equals(key.getTag())) {
                list.add(new Entry(key.getValue(), keyNode, new ConfigNode(tuple.getValueNode(), problems)));
            } else {
                keyNode.problem("a key must be a plain name, found " + keyNode.kind());
            }
        }
        this.entries = List.copyOf(list);
    }

    public ConfigNode node() {
        return self;
    }

    /** Every entry in file order, duplicates included. */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * Reports every key not in {@code known}, with the nearest known key as a suggestion when one is
     * close enough to be a likely typo.
     */
    public void allowOnly(String... known) {
        var knownSet = new LinkedHashSet<>(List.of(known));
        for (var entry : entries) {
            if (!knownSet.contains(entry.key())) {
                entry.keyNode().problem(unknownKey(entry.key(), knownSet));
            }
        }
    }

    private static String unknownKey(String key, Set<String> known) {
        var message = "unknown key " + ConfigNode.quote(key);
        return KeySuggestion.nearest(key, known)
                .map(s -> message + " (did you mean '" + s + "'?)")
                .orElse(message);
    }

    public boolean has(String key) {
        return entries.stream().anyMatch(e -> e.key().equals(key));
    }

    public Optional<ConfigNode> optional(String key) {
        return entries.stream()
                .filter(e -> e.key().equals(key))
                .map(Entry::value)
                .findFirst();
    }

    /** The value of {@code key}; when absent, a problem at this mapping's start. */
    public Optional<ConfigNode> required(String key) {
        var value = optional(key);
        if (value.isEmpty()) {
            self.problem("missing required key '" + key + "'");
        }
        return value;
    }

    public Optional<String> requiredString(String key) {
        return required(key).flatMap(ConfigNode::asString);
    }

    public Optional<String> optionalString(String key) {
        return optional(key).flatMap(ConfigNode::asString);
    }

    public Optional<Integer> requiredInt(String key) {
        return required(key).flatMap(ConfigNode::asInt);
    }

    public Optional<Integer> optionalInt(String key) {
        return optional(key).flatMap(ConfigNode::asInt);
    }

    public Optional<Boolean> optionalBool(String key) {
        return optional(key).flatMap(ConfigNode::asBool);
    }

    public Optional<Double> optionalNumber(String key) {
        return optional(key).flatMap(ConfigNode::asNumber);
    }

    public Optional<Duration> requiredDuration(String key) {
        return required(key).flatMap(ConfigNode::asDuration);
    }

    public Optional<Duration> optionalDuration(String key) {
        return optional(key).flatMap(ConfigNode::asDuration);
    }

    public Optional<ConfigList> requiredList(String key) {
        return required(key).flatMap(ConfigNode::asList);
    }

    public Optional<ConfigList> optionalList(String key) {
        return optional(key).flatMap(ConfigNode::asList);
    }

    public Optional<ConfigMap> requiredMap(String key) {
        return required(key).flatMap(ConfigNode::asMap);
    }

    public Optional<ConfigMap> optionalMap(String key) {
        return optional(key).flatMap(ConfigNode::asMap);
    }
}
