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

    /**
     * @param searchPath where bubblewrap is looked for ({@code PATH})
     * @param startTimeout how long a server may take to answer {@code initialize}
     */
    public ProcessTier(String searchPath, Duration startTimeout) {
        this.searchPath = searchPath;
        this.startTimeout = startTimeout;
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
        return new ProcessRuntime(plugin, bwrap, seccomp, startTimeout);
    }
}
