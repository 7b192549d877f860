package dev.gatehouse.sandbox.process;

import dev.gatehouse.sandbox.EnabledPlugin;
import dev.gatehouse.sandbox.ExecutionTier;
import dev.gatehouse.sandbox.PluginRuntime;
import dev.gatehouse.sandbox.TierException;
import java.time.Duration;
import java.util.Optional;

/**
 * The process tier: an existing MCP server over stdio, unchanged, inside bubblewrap with the
 * seccomp filter of {@link SeccompFilter}, in control groups that hold it to its memory and process
 * limits. Fails closed: without bubblewrap, without writable cgroup controllers, or on an
 * architecture the filter does not describe, no plugin of this tier starts, and the reason says how
 * to fix it.
 */
public final class ProcessTier implements ExecutionTier {

    private final String searchPath;
    private final Duration startTimeout;
    private final dev.gatehouse.api.audit.AuditSink audit;
    private final java.time.Clock clock;
    private final java.util.function.Function<String, PluginLog> logs;

    /**
     * @param searchPath where bubblewrap is looked for ({@code PATH})
     * @param startTimeout how long a server may take to answer {@code initialize}
     * @param audit receives {@code plugin.started}, {@code plugin.stopped}, and what a server's tool
     *     list does not match ({@code plugin.tool_undeclared}, {@code plugin.tool_changed})
     * @param logs where each plugin's stderr goes, by plugin name
     */
    public ProcessTier(
            String searchPath,
            Duration startTimeout,
            dev.gatehouse.api.audit.AuditSink audit,
            java.time.Clock clock,
            java.util.function.Function<String, PluginLog> logs) {
        this.searchPath = searchPath;
        this.startTimeout = startTimeout;
        this.audit = audit;
        this.clock = clock;
        this.logs = logs;
    }

    /** For saying whether the tier can run here (doctor, plugins list): records nothing. */
    public static ProcessTier probe(String searchPath) {
        return new ProcessTier(
                searchPath, Duration.ofSeconds(30), event -> {}, java.time.Clock.systemUTC(), name -> null);
    }

    @Override
    public String runtimeType() {
        return "process";
    }

    @Override
    public Optional<String> unavailable() {
        try {
            Bubblewrap.locate(searchPath);
        } catch (SandboxUnavailable e) {
            return Optional.of(e.getMessage());
        }
        var limits = PluginCgroup.unavailable();
        if (limits != null) {
            return Optional.of(limits);
        }
        if (SeccompFilter.forThisMachine().isEmpty()) {
            return Optional.of(
                    "the process tier's seccomp filter describes x86-64 only, not " + System.getProperty("os.arch"));
        }
        return Optional.empty();
    }

    @Override
    public PluginRuntime open(EnabledPlugin plugin) throws TierException {
        if (!(plugin.manifest().runtime() instanceof dev.gatehouse.api.manifest.Runtime.Process)) {
            throw new TierException("is not a process plugin");
        }
        var why = unavailable();
        if (why.isPresent()) {
            throw new TierException(why.get());
        }
        Bubblewrap bwrap;
        try {
            bwrap = Bubblewrap.locate(searchPath);
        } catch (SandboxUnavailable e) {
            throw new TierException(e.getMessage());
        }
        var seccomp = SeccompFilter.forThisMachine()
                .orElseThrow(() -> new TierException(unavailable().orElse("no seccomp filter for this machine")));
        return new ProcessRuntime(plugin, bwrap, seccomp, startTimeout, audit, clock, logs.apply(plugin.name()));
    }
}
