package dev.gatehouse.plugins.manifest;

import dev.gatehouse.config.ConfigMap;
import dev.gatehouse.config.ConfigNode;
import dev.gatehouse.config.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Checks shared by the manifest sections; each reports at the offending value and returns empty. */
final class Fields {

    private Fields() {}

    /** A string matching {@code pattern}; {@code rule} explains the pattern in words. */
    static Optional<String> matching(ConfigNode node, String key, Pattern pattern, String rule) {
        return node.asString().filter(s -> {
            boolean ok = pattern.matcher(s).matches();
            if (!ok) {
                node.problem(key + " " + ConfigNode.quote(s) + " is not valid: " + rule);
            }
            return ok;
        });
    }

    /** Free text a person reads: not blank, at most {@code max} characters. */
    static Optional<String> text(ConfigNode node, String key, int max) {
        return node.asString().filter(s -> {
            if (s.isBlank()) {
                node.problem(key + " must not be blank");
                return false;
            }
            if (s.length() > max) {
                node.problem(key + " is " + s.length() + " characters long; the limit is " + max);
                return false;
            }
            return true;
        });
    }

    static Optional<String> requiredText(ConfigMap map, String key, int max) {
        return map.required(key).flatMap(n -> text(n, key, max));
    }

    /** One of an enum's constants, written in lower case in the file. */
    static <E extends Enum<E>> Optional<E> word(ConfigNode node, String key, Class<E> type) {
        return node.asString().flatMap(s -> {
            for (var constant : type.getEnumConstants()) {
                if (lower(constant).equals(s)) {
                    return Optional.of(constant);
                }
            }
            node.problem(key + " must be one of " + words(type) + ", found " + ConfigNode.quote(s));
            return Optional.empty();
        });
    }

    /** A duration no longer than the operator allows. */
    static Optional<Duration> timeout(ConfigNode node, Duration maximum) {
        return node.asDuration().filter(d -> {
            if (d.compareTo(maximum) > 0) {
                node.problem("timeout " + Durations.format(d) + " is above the operator's maximum of "
                        + Durations.format(maximum));
                return false;
            }
            return true;
        });
    }

    static <E extends Enum<E>> Optional<E> optionalWord(ConfigMap map, String key, Class<E> type, E fallback) {
        var node = map.optional(key);
        return node.isEmpty() ? Optional.of(fallback) : word(node.get(), key, type);
    }

    static String words(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Fields::lower).collect(Collectors.joining(", "));
    }

    private static String lower(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }
}
