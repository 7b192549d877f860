package dev.gatehouse.api.trust;

import java.util.Locale;
import java.util.Optional;

/** How far the operator trusts a plugin's publisher. Ordered from least to most trusted. */
public enum TrustLevel {
    /** Unsigned, or signed by a key nobody told us about. */
    UNKNOWN,
    COMMUNITY,
    OFFICIAL;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(TrustLevel other) {
        return compareTo(other) >= 0;
    }

    public static Optional<TrustLevel> fromWord(String word) {
        for (var level : values()) {
            if (level.word().equals(word)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }
}
