package dev.gatehouse.api.operator;

import java.time.Instant;
import java.util.Optional;

/**
 * Which records to find; every part that is present must match.
 *
 * @param upToSequence records after this one are left out (an export stops at what it verified)
 */
public record AuditQuery(
        Optional<Instant> since,
        Optional<String> principal,
        Optional<String> tool,
        Optional<String> outcome,
        Optional<String> type,
        long upToSequence) {

    /** Every record. */
    public static AuditQuery all() {
        return new AuditQuery(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Long.MAX_VALUE);
    }

    public boolean matches(AuditRecord r) {
        return since.map(s -> !r.time().isBefore(s)).orElse(true)
                && principal.map(p -> p.equals(r.principal())).orElse(true)
                && tool.map(t -> t.equals(r.field("tool"))).orElse(true)
                && outcome.map(o -> o.equals(r.field("outcome"))).orElse(true)
                && type.map(t -> t.equals(r.type())).orElse(true)
                && r.sequence() <= upToSequence;
    }
}
