package dev.gatehouse.host;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.config.OperatorConfig;
import dev.gatehouse.storage.Database;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns edits of {@code gatehouse.yaml} into evidence. The file is edited by hand, so nobody is
 * there to record the change when it happens; instead every host start compares each top-level
 * section's digest with the one the host last ran with and records {@code config.changed} for each
 * section that differs, before the new configuration takes effect.
 */
final class ConfigChanges {

    /** Written where a section did not exist before, or no longer exists. */
    static final String ABSENT = "absent";

    private ConfigChanges() {}

    /** @return the sections that changed, sorted */
    static List<String> record(OperatorConfig config, Database database, AuditSink audit, Clock clock) {
        Map<String, String> previous = database.jdbi()
                .withHandle(h -> h.createQuery("SELECT section, digest FROM config_digests")
                        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        var sections = new TreeSet<String>(previous.keySet());
        sections.addAll(config.digests().keySet());
        var changed = sections.stream()
                .filter(s -> !previous.getOrDefault(s, ABSENT)
                        .equals(config.digests().getOrDefault(s, ABSENT)))
                .toList();
        if (changed.isEmpty()) {
            return changed;
        }
        // Recorded first: if the audit log cannot take the event, the stored digests stay as they
        // were, and the next start reports the same change again rather than losing it.
        for (var section : changed) {
            audit.record(new AuditEvent(
                    clock.instant(),
                    "config.changed",
                    "system:host",
                    Map.of(
                            "section",
                            section,
                            "digest_before",
                            previous.getOrDefault(section, ABSENT),
                            "digest_after",
                            config.digests().getOrDefault(section, ABSENT),
                            "file",
                            "gatehouse.yaml")));
        }
        long now = clock.millis();
        database.jdbi().useTransaction(h -> {
            for (var section : changed) {
                var digest = config.digests().get(section);
                if (digest == null) {
                    h.createUpdate("DELETE FROM config_digests WHERE section = :s")
                            .bind("s", section)
                            .execute();
                } else {
                    h.createUpdate("INSERT INTO config_digests (section, digest, recorded_at) VALUES (:s, :d, :t)"
                                    + " ON CONFLICT (section) DO UPDATE SET digest = :d, recorded_at = :t")
                            .bind("s", section)
                            .bind("d", digest)
                            .bind("t", now)
                            .execute();
                }
            }
        });
        return changed;
    }
}
