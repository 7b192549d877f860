package dev.gatehouse.host;

import dev.gatehouse.api.hook.Hook;
import dev.gatehouse.api.hook.HookContext;
import dev.gatehouse.api.hook.HookHandler;
import dev.gatehouse.api.hook.HookResult;
import dev.gatehouse.api.manifest.HookDeclaration;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import dev.gatehouse.api.manifest.PluginManifest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds a plugin's hooks to its manifest the way its tools are held: a hook runs only for an event
 * the manifest declares and the operator consented to, and every declared hook must have its
 * code. Any mismatch refuses the whole plugin rather than running part of what was consented to.
 */
final class PluginHooks {

    private PluginHooks() {}

    sealed interface Match {
        /** The plugin's hooks, one per declared event, each naming the plugin. */
        record Registered(List<Hook> hooks) implements Match {}

        record Refused(String reason) implements Match {}
    }

    /** A plugin's hook: the audit of its failures names {@code plugin}. */
    record PluginHook(String plugin, HookEvent event, HookHandler handler) implements Hook {
        @Override
        public HookResult handle(HookContext context) throws Exception {
            return handler.handle(context);
        }
    }

    /**
     * @param consented the hook events of the consent record ({@code pre_tool_call}, ...)
     * @param provided the plugin's hook handlers by event
     */
    static Match match(PluginManifest m, Set<String> consented, Map<HookEvent, HookHandler> provided) {
        var declared = EnumSet.noneOf(HookEvent.class);
        m.hooks().stream().map(HookDeclaration::event).forEach(declared::add);
        var problems = new ArrayList<String>();
        var hooks = new ArrayList<Hook>();
        for (var event : HookEvent.values()) {
            boolean isDeclared = declared.contains(event);
            boolean isProvided = provided.containsKey(event);
            if (isProvided && !isDeclared) {
                problems.add("provides a hook for " + event.word() + ", which its manifest does not declare");
            } else if (isDeclared && !consented.contains(event.word())) {
                problems.add("declares a hook for " + event.word() + " that the operator has not consented to");
            } else if (isDeclared && !isProvided) {
                problems.add("declares a hook for " + event.word() + " but provides no code for it");
            } else if (isDeclared) {
                hooks.add(new PluginHook(m.name(), event, provided.get(event)));
            }
        }
        if (!problems.isEmpty()) {
            return new Match.Refused("its hooks do not match its manifest: " + String.join("; ", problems)
                    + "; none of its tools or hooks are loaded");
        }
        return new Match.Registered(List.copyOf(hooks));
    }
}
