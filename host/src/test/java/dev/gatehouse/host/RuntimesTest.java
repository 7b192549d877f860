package dev.gatehouse.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.hook.HookHandler;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import dev.gatehouse.api.tool.ToolHandler;
import dev.gatehouse.api.tool.ToolOutput;
import dev.gatehouse.config.PluginLimits;
import dev.gatehouse.sandbox.EnabledPlugin;
import dev.gatehouse.sandbox.ExecutionTier;
import dev.gatehouse.sandbox.NotAvailableTier;
import dev.gatehouse.sandbox.PluginRuntime;
import dev.gatehouse.sandbox.TierException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The host keeps one runtime per plugin while nothing it was opened from changes, and stops the rest. */
class RuntimesTest {

    /** A tier that counts what it opened and closed: the stand-in for one that starts processes. */
    static final class CountingTier implements ExecutionTier {
        final List<String> opened = new ArrayList<>();
        final List<String> closed = new ArrayList<>();

        @Override
        public String runtimeType() {
            return "process";
        }

        @Override
        public Optional<String> unavailable() {
            return Optional.empty();
        }

        @Override
        public PluginRuntime open(EnabledPlugin plugin) {
            var id = plugin.name() + "@" + plugin.digest();
            opened.add(id);
            return new PluginRuntime() {
                @Override
                public ToolHandler tools() {
                    return (tool, arguments, grant) -> ToolOutput.text(id);
                }

                @Override
                public Map<HookEvent, HookHandler> hooks() {
                    return Map.of();
                }

                @Override
                public Health health() {
                    return new Health.Ready();
                }

                @Override
                public void close() {
                    closed.add(id);
                }
            };
        }
    }

    static EnabledPlugin plugin(String name, String digest, Map<String, String> env) {
        var manifest = dev.gatehouse.testing.Manifests.process(name, List.of("server"), List.of());
        return new EnabledPlugin(
                manifest,
                Path.of("/nonexistent"),
                digest,
                Set.of(),
                env,
                List.of(),
                List.of(),
                Path.of("/nonexistent"),
                PluginLimits.DEFAULT_LIMITS);
    }

    @Test
    void aRuntimeIsKeptWhileNothingChangesAndReplacedWhenItsTreeOrEnvDoes() throws Exception {
        var tier = new CountingTier();
        try (var runtimes = new Runtimes(List.of(tier))) {
            var first = runtimes.runtimeFor(plugin("crm", "sha256:a", Map.of()));
            assertThat(runtimes.runtimeFor(plugin("crm", "sha256:a", Map.of()))).isSameAs(first);

            runtimes.runtimeFor(plugin("crm", "sha256:b", Map.of()));
            runtimes.runtimeFor(plugin("crm", "sha256:b", Map.of("CRM_URL", "https://crm.example.com")));
            assertThat(tier.opened).containsExactly("crm@sha256:a", "crm@sha256:b", "crm@sha256:b");
            assertThat(tier.closed).containsExactly("crm@sha256:a", "crm@sha256:b");

            runtimes.runtimeFor(plugin("mail", "sha256:m", Map.of()));
            runtimes.retainOnly(Set.of("mail"));
            assertThat(tier.closed).containsExactly("crm@sha256:a", "crm@sha256:b", "crm@sha256:b");
        }
        assertThat(tier.closed).endsWith("mail@sha256:m");
    }

    @Test
    void aTierThatCannotRunAPluginRefusesItInItsOwnWords() {
        try (var runtimes = new Runtimes(List.of(NotAvailableTier.wasm()))) {
            assertThat(runtimes.cannotRun("wasm")).hasValue("the wasm tier is not available in this version");
            assertThat(runtimes.cannotRun("process")).hasValue("no tier runs runtime process");
            assertThatThrownBy(() -> runtimes.runtimeFor(plugin("crm", "sha256:a", Map.of())))
                    .isInstanceOf(TierException.class)
                    .hasMessage("no tier runs runtime process");
        }
    }

    @Test
    void twoTiersForOneRuntimeAreAProgrammingError() {
        assertThatThrownBy(() -> new Runtimes(List.of(new CountingTier(), new NotAvailableTier("process", "not here"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
