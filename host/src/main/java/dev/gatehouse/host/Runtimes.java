package dev.gatehouse.host;

import dev.gatehouse.sandbox.EnabledPlugin;
import dev.gatehouse.sandbox.ExecutionTier;
import dev.gatehouse.sandbox.NotAvailableTier;
import dev.gatehouse.sandbox.PluginRuntime;
import dev.gatehouse.sandbox.TierException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The execution tiers by {@code runtime.type}, and the plugin runtimes they run now. A rebuilt
 * plugin set reuses a plugin's runtime while the same tree runs under the same consent; a runtime
 * whose plugin was disabled, removed or replaced is closed, and {@link #close} stops them all.
 * A runtime is closed as soon as the new plugin set is built, so a call still running on the old
 * set sees its runtime stop; a tier that runs processes answers such a call {@code UNAVAILABLE}.
 */
final class Runtimes implements AutoCloseable {

    private record Open(String key, PluginRuntime runtime) {}

    private final Map<String, ExecutionTier> tiers = new HashMap<>();
    private final Map<String, Open> open = new HashMap<>();

    Runtimes(List<ExecutionTier> tiers) {
        tiers.forEach(t -> {
            if (this.tiers.putIfAbsent(t.runtimeType(), t) != null) {
                throw new IllegalArgumentException("two tiers for runtime " + t.runtimeType());
            }
        });
    }

    /** How long a process plugin's server may take to answer {@code initialize}. */
    static final java.time.Duration PROCESS_START = java.time.Duration.ofSeconds(30);

    /**
     * The tiers of this version: builtin; process, under bubblewrap found on {@code searchPath}
     * (none there: the tier says so and runs nothing); wasm not yet available.
     */
    static List<ExecutionTier> standard(
            ExecutionTier builtin,
            String searchPath,
            dev.gatehouse.api.audit.AuditSink audit,
            java.time.Clock clock,
            java.util.function.Function<String, dev.gatehouse.sandbox.process.PluginLog> logs) {
        return List.of(
                builtin,
                new dev.gatehouse.sandbox.process.ProcessTier(searchPath, PROCESS_START, audit, clock, logs),
                NotAvailableTier.wasm());
    }

    /** The plugin's runtime, reused when nothing it was opened from changed. */
    synchronized PluginRuntime runtimeFor(EnabledPlugin plugin) throws TierException {
        var key = plugin.digest() + "|" + plugin.consentedHooks() + "|" + plugin.env() + "|" + plugin.limits();
        var existing = open.get(plugin.name());
        if (existing != null && existing.key().equals(key)) {
            return existing.runtime();
        }
        if (existing != null) {
            open.remove(plugin.name());
            existing.runtime().close();
        }
        var tier = tiers.get(plugin.manifest().runtime().type());
        if (tier == null) {
            throw new TierException(
                    "no tier runs runtime " + plugin.manifest().runtime().type());
        }
        var runtime = tier.open(plugin);
        open.put(plugin.name(), new Open(key, runtime));
        return runtime;
    }

    /** Closes the runtimes of every plugin not in {@code names}. */
    synchronized void retainOnly(Set<String> names) {
        var gone = new ArrayList<String>();
        open.keySet().stream().filter(n -> !names.contains(n)).forEach(gone::add);
        gone.forEach(n -> open.remove(n).runtime().close());
    }

    /** Why plugins of this runtime type cannot run here, or empty when they can. */
    Optional<String> cannotRun(String runtimeType) {
        var tier = tiers.get(runtimeType);
        return tier == null ? Optional.of("no tier runs runtime " + runtimeType) : tier.unavailable();
    }

    @Override
    public synchronized void close() {
        open.values().forEach(o -> o.runtime().close());
        open.clear();
    }
}
