package dev.gatehouse.api.operator;

import java.time.Instant;
import java.util.Map;

/**
 * One record of the audit log, as read back.
 *
 * @param line the record as stored (one JSON line, hashes included), for export and {@code --json}
 */
public record AuditRecord(
        long sequence, Instant time, String type, String principal, Map<String, Object> fields, String line) {

    /** A field as text; empty when the record has none by that name. */
    public String field(String name) {
        var value = fields.get(name);
        return value == null ? "" : String.valueOf(value);
    }
}
