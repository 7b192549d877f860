package dev.gatehouse.redaction;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.tool.ToolOutput;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks JSON-like trees and the api's records, redacting each string where it lies: no
 * serialisation, and no copy of a branch in which nothing changed.
 */
final class StructuredRedaction {

    static final int MAX_DEPTH = 256;

    private static final String TOO_DEEP = "[REDACTED:too-deep]";

    private final SecretRedactor redactor;

    StructuredRedaction(SecretRedactor redactor) {
        this.redactor = redactor;
    }

    Object node(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            return TOO_DEEP;
        }
        return switch (value) {
            case null -> null;
            case String s -> redactor.redact(s);
            case Number n -> n;
            case Boolean b -> b;
            case Map<?, ?> m -> map(m, depth);
            case Collection<?> c -> list(c, depth);
            default -> redactor.redact(String.valueOf(value));
        };
    }

    Map<String, Object> map(Map<?, ?> map, int depth) {
        if (depth > MAX_DEPTH) {
            return Map.of(TOO_DEEP, TOO_DEEP);
        }
        // Copied only from the first entry that changes: the common clean map costs no copy.
        LinkedHashMap<String, Object> out = null;
        int index = 0;
        for (var e : map.entrySet()) {
            var key = e.getKey() instanceof String s ? s : String.valueOf(e.getKey());
            var redactedKey = redactor.redact(key);
            var value = node(e.getValue(), depth + 1);
            if (out == null && (redactedKey != e.getKey() || value != e.getValue())) {
                out = cleanPrefix(map, index);
            }
            if (out != null) {
                out.put(unique(out, redactedKey), value);
            }
            index++;
        }
        if (out == null) {
            @SuppressWarnings("unchecked") // every key was a String (a non-String key counts as a change)
            var same = (Map<String, Object>) map;
            return same;
        }
        return Collections.unmodifiableMap(out);
    }

    /** The first {@code count} entries, which came through unchanged: String keys, distinct. */
    private static LinkedHashMap<String, Object> cleanPrefix(Map<?, ?> map, int count) {
        var out = new LinkedHashMap<String, Object>();
        var entries = map.entrySet().iterator();
        for (int i = 0; i < count; i++) {
            var e = entries.next();
            out.put((String) e.getKey(), e.getValue());
        }
        return out;
    }

    private Object list(Collection<?> list, int depth) {
        var out = new ArrayList<Object>(list.size());
        boolean changed = !(list instanceof List<?>);
        for (var item : list) {
            var value = node(item, depth + 1);
            changed |= value != item;
            out.add(value);
        }
        return changed ? Collections.unmodifiableList(out) : list;
    }

    /** Two keys that redact to the same text both survive: the later one gets a suffix. */
    private static String unique(Map<String, Object> out, String key) {
        if (!out.containsKey(key)) {
            return key;
        }
        int n = 2;
        while (out.containsKey(key + "#" + n)) {
            n++;
        }
        return key + "#" + n;
    }

    ToolOutput toolOutput(ToolOutput output) {
        var content = new ArrayList<ToolOutput.Content>(output.content().size());
        boolean changed = false;
        for (var c : output.content()) {
            switch (c) {
                case ToolOutput.Content.Text t -> {
                    var text = redactor.redact(t.text());
                    changed |= text != t.text();
                    content.add(text == t.text() ? t : new ToolOutput.Content.Text(text));
                }
            }
        }
        Optional<Map<String, Object>> structured = output.structured().map(m -> map(m, 0));
        changed |= structured.isPresent()
                && structured.get() != output.structured().get();
        return changed ? new ToolOutput(content, structured, output.isError()) : output;
    }

    AuditEvent auditEvent(AuditEvent event) {
        var principal = redactor.redact(event.principal());
        var fields = map(event.fields(), 0);
        if (principal == event.principal() && fields == event.fields()) {
            return event;
        }
        return new AuditEvent(event.time(), event.type(), principal, fields);
    }
}
