package dev.gatehouse.builtins;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A tool's arguments, checked again here although the host validated them against the schema:
 * a handler must stay safe if it is ever called some other way.
 */
final class Arguments {

    private final String plugin;
    private final Map<String, Object> values;

    Arguments(String plugin, Map<String, Object> values, Set<String> known) {
        this.plugin = plugin;
        this.values = values == null ? Map.of() : values;
        for (var key : this.values.keySet()) {
            if (!known.contains(key)) {
                throw refuse("unknown argument " + Quote.of(String.valueOf(key)));
            }
        }
    }

    String requiredString(String name, int maxChars) {
        return optionalString(name, maxChars).orElseThrow(() -> refuse("argument '" + name + "' is required"));
    }

    Optional<String> optionalString(String name, int maxChars) {
        var value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s)) {
            throw refuse("argument '" + name + "' must be a string");
        }
        if (s.length() > maxChars) {
            throw refuse("argument '" + name + "' is longer than " + maxChars + " characters");
        }
        return Optional.of(s);
    }

    OptionalLong optionalLong(String name, long min, long max) {
        var value = values.get(name);
        if (value == null) {
            return OptionalLong.empty();
        }
        var whole =
                switch (value) {
                    case Integer i -> Optional.of(BigInteger.valueOf(i));
                    case Long l -> Optional.of(BigInteger.valueOf(l));
                    case Short s -> Optional.of(BigInteger.valueOf(s));
                    case BigInteger b -> Optional.of(b);
                    case BigDecimal d when d.stripTrailingZeros().scale() <= 0 -> Optional.of(d.toBigIntegerExact());
                    case Double d
                    when Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e15 ->
                        Optional.of(BigInteger.valueOf(d.longValue()));
                    default -> Optional.<BigInteger>empty();
                };
        if (whole.isEmpty()) {
            throw refuse("argument '" + name + "' must be a whole number");
        }
        var v = whole.get();
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw refuse("argument '" + name + "' must be from " + min + " to " + max);
        }
        return OptionalLong.of(v.longValue());
    }

    boolean optionalBool(String name, boolean fallback) {
        var value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            throw refuse("argument '" + name + "' must be true or false");
        }
        return b;
    }

    Map<String, String> optionalStringMap(String name, int maxEntries, int maxValueChars) {
        var value = values.get(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw refuse("argument '" + name + "' must be an object");
        }
        if (map.size() > maxEntries) {
            throw refuse("argument '" + name + "' has more than " + maxEntries + " entries");
        }
        var result = new LinkedHashMap<String, String>();
        for (var entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key) || key.length() > 64) {
                throw refuse("argument '" + name + "' has a key that is not a short string");
            }
            if (!(entry.getValue() instanceof String v) || v.length() > maxValueChars) {
                throw refuse("argument '" + name + "' has a value for " + Quote.of(key)
                        + " that is not a string of at most " + maxValueChars + " characters");
            }
            result.put(key, v);
        }
        return result;
    }

    private Refusal refuse(String message) {
        return new Refusal(plugin, Refusal.Kind.ARGUMENTS, message);
    }
}
