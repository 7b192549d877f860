package dev.gatehouse.policy;

import java.util.Locale;
import java.util.Optional;

/** What a policy rule does when it matches, and what a {@link PolicyDecision} says. */
public enum Effect {
    ALLOW,
    DENY,
    REVIEW;

    /** The word used in configuration: {@code allow}, {@code deny}, {@code review}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The effect for a configuration word, matched exactly (lower case). */
    public static Optional<Effect> fromWord(String word) {
        for (var effect : values()) {
            if (effect.word().equals(word)) {
                return Optional.of(effect);
            }
        }
        return Optional.empty();
    }
}
