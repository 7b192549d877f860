package dev.gatehouse.plugins.lifecycle;

import java.util.Optional;

/** One installed version's integrity: empty {@code problem} means its tree matches its digest. */
public record VerifyResult(String name, String version, String digest, Optional<String> problem) {

    public boolean ok() {
        return problem.isEmpty();
    }
}
