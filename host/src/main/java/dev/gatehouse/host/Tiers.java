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
     * Why a plugin of this runtime cannot run here, or empty when it can.
     *
     * @param runtime the runtime as a capability set words it: {@code process: ...}, {@code wasm: ...}
     *     or {@code builtin}
     * @param searchPath where the process tier looks for bubblewrap
     */
    public static Optional<String> cannotRun(String runtime, String searchPath) {
        if (runtime.startsWith("process")) {
            return dev.gatehouse.sandbox.process.ProcessTier.probe(searchPath).unavailable();
        }
        if (runtime.startsWith("wasm")) {
            return NotAvailableTier.wasm().unavailable();
        }
        return Optional.empty();
    }
}
