package dev.gatehouse.sandbox;

import java.util.Optional;

/**
 * One isolation tier (DESIGN section 5): given an enabled plugin, it supplies the plugin's tool and
 * hook handlers and owns the runtime behind them. The host picks the tier by the manifest's
 * {@code runtime.type} and never looks past this interface, so a new tier is a new implementation
 * and an entry in the host's tier table, nothing more.
 */
public interface ExecutionTier {

    /** The {@code runtime.type} this tier runs: {@code builtin}, {@code process}, {@code wasm}. */
    String runtimeType();

    /**
     * Why this tier cannot run any plugin on this machine now, in words for the operator; empty
     * when it can. {@code plugins list}, {@code inspect} and {@code doctor} show it.
     */
    Optional<String> unavailable();

    /**
     * Starts (or prepares to start, for a tier that starts on first call) the plugin's runtime.
     *
     * @throws TierException when this tier cannot run this plugin; its message is for the operator
     */
    PluginRuntime open(EnabledPlugin plugin) throws TierException;
}
