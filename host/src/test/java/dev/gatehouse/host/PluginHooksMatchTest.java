package dev.gatehouse.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.hook.HookContext;
import dev.gatehouse.api.hook.HookHandler;
import dev.gatehouse.api.hook.HookResult;
import dev.gatehouse.api.manifest.Capabilities;
import dev.gatehouse.api.manifest.HookDeclaration;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import dev.gatehouse.api.manifest.PluginManifest;
import dev.gatehouse.api.manifest.Runtime;
import dev.gatehouse.api.manifest.ScopeHierarchy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rule that holds a plugin's hook code to the hooks its manifest declares and its consent names. */
class PluginHooksMatchTest {

    static PluginManifest declaring(HookEvent... events) {
        var hooks = java.util.Arrays.stream(events)
                .map(e -> new HookDeclaration(e, "watches calls"))
                .toList();
        return new PluginManifest(
                1,
                "guard",
                "1.0.0",
                "Watches calls.",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                new Runtime.Builtin(),
                List.of(),
                hooks,
                List.of(),
                Capabilities.none(),
                ScopeHierarchy.empty());
    }

    static final HookHandler BLOCK = c -> new HookResult.Block("from the guard");
    static final HookContext CONTEXT =
            new HookContext("echo_say", "echo", "key:alice", Map.of(), Optional.empty(), Optional.empty());

    @Test
    void eachDeclaredConsentedHookWithCodeIsRegisteredUnderThePluginsName() throws Exception {
        var match = PluginHooks.match(
                declaring(HookEvent.PRE_TOOL_CALL, HookEvent.PRE_TOOL_CALL),
                Set.of("pre_tool_call"),
                Map.of(HookEvent.PRE_TOOL_CALL, BLOCK));

        assertThat(match).isInstanceOfSatisfying(PluginHooks.Match.Registered.class, r -> assertThat(r.hooks())
                .singleElement()
                .satisfies(h -> {
                    assertThat(h.plugin()).isEqualTo("guard");
                    assertThat(h.event()).isEqualTo(HookEvent.PRE_TOOL_CALL);
                }));
        var hook = ((PluginHooks.Match.Registered) match).hooks().getFirst();
        assertThat(hook.handle(CONTEXT)).isEqualTo(new HookResult.Block("from the guard"));
    }

    @Test
    void aDeclaredHookTheConsentDoesNotNameIsRefused() {
        var match = PluginHooks.match(
                declaring(HookEvent.TRANSFORM_TOOL_RESULT), Set.of(), Map.of(HookEvent.TRANSFORM_TOOL_RESULT, BLOCK));

        assertThat(match).isInstanceOfSatisfying(PluginHooks.Match.Refused.class, r -> assertThat(r.reason())
                .contains("declares a hook for transform_tool_result that the operator has not consented to"));
    }

    @Test
    void everyMismatchIsNamedAtOnce() {
        var match = PluginHooks.match(
                declaring(HookEvent.ON_ERROR), Set.of("on_error"), Map.of(HookEvent.POST_TOOL_CALL, BLOCK));

        assertThat(match).isInstanceOfSatisfying(PluginHooks.Match.Refused.class, r -> assertThat(r.reason())
                .contains("provides a hook for post_tool_call, which its manifest does not declare")
                .contains("declares a hook for on_error but provides no code for it"));
    }

    @Test
    void aPluginWithoutHooksRegistersNone() {
        assertThat(PluginHooks.match(declaring(), Set.of(), Map.of()))
                .isEqualTo(new PluginHooks.Match.Registered(List.of()));
    }
}
