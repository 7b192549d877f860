package dev.gatehouse.host;

/**
 * What the host knows of its plugins at one moment: their tools, the scope graph their
 * hierarchies compile into (with the operator's policies), and their hooks. Immutable; when the
 * operator enables, disables, removes, updates or consents on a running host, a new set is built
 * and swapped in whole, so a call sees one set from start to end.
 *
 * @param problems each enabled plugin that is not loaded, and why, for the operator's console
 */
record PluginSet(ToolRegistry registry, Authorizer authorizer, HookRunner hooks, java.util.List<String> problems) {

    PluginSet {
        problems = java.util.List.copyOf(problems);
    }
}
