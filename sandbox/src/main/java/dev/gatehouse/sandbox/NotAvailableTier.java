package dev.gatehouse.sandbox;

import java.util.Optional;

/**
 * A tier this version of Gatehouse names but cannot run: every plugin of its runtime is refused
 * with the same words, which {@code plugins list}, {@code inspect} and the audit log show.
 */
public record NotAvailableTier(String runtimeType, String reason) implements ExecutionTier {

    /** The wasm tier (Chicory), not in this version. */
    public static NotAvailableTier wasm() {
        return new NotAvailableTier("wasm", "the wasm tier is not available in this version");
    }

    @Override
    public Optional<String> unavailable() {
        return Optional.of(reason);
    }

    @Override
    public PluginRuntime open(EnabledPlugin plugin) throws TierException {
        throw new TierException(reason);
    }
}
