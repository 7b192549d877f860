package dev.gatehouse.host;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Finds strings in call arguments that are not Unicode text: a JSON {@code \ud800} escape gives
 * a Java string with a lone surrogate, which no tool can encode as UTF-8 or use as a file name.
 * Refused as the caller's input at validation, so it never reaches a tool (where it would throw
 * and count against the plugin's circuit breaker).
 */
final class WellFormedText {

    private static final int MAX_DEPTH = 64;

    private WellFormedText() {}

    /** Where the first malformed string is, as a JSON pointer; empty when every string is text. */
    static Optional<String> firstMalformed(Object value) {
        return find(value, "", 0);
    }

    private static Optional<String> find(Object value, String where, int depth) {
        if (depth > MAX_DEPTH) {
            return Optional.empty();
        }
        switch (value) {
            case CharSequence text -> {
                return wellFormed(text) ? Optional.empty() : Optional.of(where.isEmpty() ? "/" : where);
            }
            case Map<?, ?> map -> {
                for (var e : map.entrySet()) {
                    var key = String.valueOf(e.getKey());
                    var at = where + "/" + (wellFormed(key) ? key : "?");
                    if (!wellFormed(key)) {
                        return Optional.of(at);
                    }
                    var found = find(e.getValue(), at, depth + 1);
                    if (found.isPresent()) {
                        return found;
                    }
                }
                return Optional.empty();
            }
            case Collection<?> list -> {
                int i = 0;
                for (var item : list) {
                    var found = find(item, where + "/" + i++, depth + 1);
                    if (found.isPresent()) {
                        return found;
                    }
                }
                return Optional.empty();
            }
            case null, default -> {
                return Optional.empty();
            }
        }
    }

    static boolean wellFormed(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
