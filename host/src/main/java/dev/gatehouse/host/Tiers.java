package dev.gatehouse.host;

import java.util.Optional;

/**
 * Which execution tiers this version of Gatehouse can run, in words for the operator. The host
 * answers the tools of an enabled plugin whose tier is missing with {@code UNAVAILABLE}; {@code
 * plugins list} and {@code inspect} say so from the same words.
 */
public final class Tiers {

    static final String PROCESS_NOT_AVAILABLE = "the process tier (bubblewrap) is not available in this version";
    static final String WASM_NOT_AVAILABLE = "the wasm tier is not available in this version";

    private Tiers() {}

    /**
     * Why a plugin of this runtime cannot run here, or empty when it can.
     *
     * @param runtime the runtime as a capability set words it: {@code process: ...}, {@code wasm: ...}
     *     or {@code builtin}
     */
    public static Optional<String> cannotRun(String runtime) {
        if (runtime.startsWith("process")) {
            return Optional.of(PROCESS_NOT_AVAILABLE);
        }
        if (runtime.startsWith("wasm")) {
            return Optional.of(WASM_NOT_AVAILABLE);
        }
        return Optional.empty();
    }
}
