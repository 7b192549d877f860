package dev.gatehouse.host;

import dev.gatehouse.sandbox.NotAvailableTier;
import java.util.Optional;

/**
 * Which execution tiers this version of Gatehouse can run, in words for the operator, without a
 * running host: the same words the tiers themselves give when the host loads a plugin.
 */
public final class Tiers {

    private Tiers() {}

    /**
     * Why a plugin of a runtime cannot run here (empty when it can), by the runtime as a capability
     * set words it ({@code process: ...}, {@code wasm: ...}, {@code builtin}). Each tier is asked
     * once, here, and the answer looked up per plugin.
     *
     * @param searchPath where the process tier looks for bubblewrap
     */
    public static java.util.function.Function<String, Optional<String>> cannotRun(String searchPath) {
        var process =
                dev.gatehouse.sandbox.process.ProcessTier.probe(searchPath).unavailable();
        var wasm = NotAvailableTier.wasm().unavailable();
        return runtime ->
                runtime.startsWith("process") ? process : runtime.startsWith("wasm") ? wasm : Optional.empty();
    }
}
