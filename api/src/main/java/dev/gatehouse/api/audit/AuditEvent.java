package dev.gatehouse.api.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One thing that happened, with who did it. Field values are limited to strings, numbers,
 * booleans and lists of strings so every sink can render them faithfully. Values must never hold
 * a secret: callers pass names, not values.
 *
 * @param type dotted event type, e.g. {@code plugin.installed}
 * @param principal the real actor, e.g. {@code cli:alice}
 */
public record AuditEvent(Instant time, String type, String principal, Map<String, Object> fields) {

    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(principal, "principal");
        var copy = new LinkedHashMap<String, Object>();
        fields.forEach((k, v) -> copy.put(k, checked(k, v)));
        fields = Collections.unmodifiableMap(copy);
    }

    private static Object checked(String key, Object value) {
        return switch (value) {
            case String s -> s;
            case Number n -> n;
            case Boolean b -> b;
            case List<?> list -> List.copyOf(list.stream().map(String::valueOf).toList());
            case null -> throw new IllegalArgumentException("audit field " + key + " is null");
            default -> throw new IllegalArgumentException("audit field " + key + " has unsupported type");
        };
    }
}
