package dev.gatehouse.bench;

import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.custody.JsonLinesAuditSink;

/** Which audit sink a measured host writes to. */
enum AuditMode {
    /** What {@code gatehouse serve} uses: one JSON line per event, forced to disk before returning. */
    JSONL,
    /** A bounded in-memory ring: the pipeline without audit I/O. */
    MEMORY;

    AuditSink sink(GatehouseHome home) {
        return switch (this) {
            case JSONL -> new JsonLinesAuditSink(home.audit().resolve("events.jsonl"));
            case MEMORY -> new RingAuditSink(4096);
        };
    }
}
