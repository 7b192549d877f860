package dev.gatehouse.cli;

import dev.gatehouse.audit.AuditEntry;
import dev.gatehouse.audit.AuditReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a home's tamper-evident audit log holds, for tests: every record, and its raw text. */
final class AuditText {

    private AuditText() {}

    static List<AuditEntry> entries(Path home) {
        var entries = new ArrayList<AuditEntry>();
        AuditReader.forEach(home.resolve("audit"), entries::add);
        return entries;
    }

    /** Records of things that happened, without the log's own checkpoints and recovery notes. */
    static List<AuditEntry> events(Path home) {
        return entries(home).stream()
                .filter(e -> !e.type().startsWith("audit."))
                .toList();
    }

    static String raw(Path home) {
        var text = new StringBuilder();
        entries(home).forEach(e -> text.append(e.line()).append('\n'));
        return text.toString();
    }
}
