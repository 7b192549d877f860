package dev.gatehouse.host;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The callable tools by name. Immutable: a configuration or plugin change builds a new one. */
final class ToolRegistry {

    private final Map<String, RegisteredTool> tools;

    ToolRegistry(Map<String, RegisteredTool> tools) {
        this.tools = Collections.unmodifiableMap(new TreeMap<>(tools));
    }

    RegisteredTool find(String name) {
        return tools.get(name);
    }

    Collection<RegisteredTool> all() {
        return tools.values();
    }
}
