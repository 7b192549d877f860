package dev.gatehouse.config;

import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** A located list in a {@link ConfigTree}. */
public final class ConfigList {

    private final ConfigNode self;
    private final List<ConfigNode> items;

    ConfigList(ConfigNode self, SequenceNode sequence, Problems problems) {
        this.self = self;
        this.items = sequence.getValue().stream()
                .map(n -> new ConfigNode(n, problems))
                .toList();
    }

    public ConfigNode node() {
        return self;
    }

    public List<ConfigNode> items() {
        return items;
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** The items that are mappings; every other item is reported. */
    public List<ConfigMap> maps() {
        return items.stream().map(ConfigNode::asMap).flatMap(Optional::stream).toList();
    }

    /** The items that are strings; every other item is reported. */
    public List<String> strings() {
        return items.stream()
                .map(ConfigNode::asString)
                .flatMap(Optional::stream)
                .toList();
    }
}
