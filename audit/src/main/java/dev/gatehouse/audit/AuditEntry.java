package dev.gatehouse.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One record as read back from the log, for display and queries (not for verification: use
 * {@link AuditVerifier}).
 *
 * @param fields the event's fields: strings, numbers, booleans and lists of strings
 * @param line the record exactly as stored, without its newline
 */
public record AuditEntry(
        long sequence, Instant time, String type, String principal, Map<String, Object> fields, String line) {

    public AuditEntry {
        fields = Map.copyOf(fields);
    }

    /** A field as text, or empty text when absent. */
    public String field(String name) {
        var v = fields.get(name);
        return v == null ? "" : String.valueOf(v);
    }
}
