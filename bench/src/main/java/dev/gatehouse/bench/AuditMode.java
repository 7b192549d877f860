package dev.gatehouse.bench;

import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.custody.audit.AuditLogOptions;
import dev.gatehouse.custody.audit.FileCheckpointKey;
import dev.gatehouse.custody.audit.TamperEvidentAuditLog;
import java.security.SecureRandom;
import java.time.Clock;

/** Which audit sink a measured host writes to. */
enum AuditMode {
    /**
     * What {@code gatehouse serve} uses: the hash-chained log, each event fsync'd before the call
     * returns, concurrent events sharing one fsync (group commit).
     */
    LOG,
    /** A bounded in-memory ring: the pipeline without audit I/O. */
    MEMORY;

    AuditSink sink(GatehouseHome home) {
        return switch (this) {
            case LOG ->
                TamperEvidentAuditLog.open(
                        home.audit(),
                        AuditLogOptions.defaults(),
                        FileCheckpointKey.loadOrCreate(home.audit().resolve("checkpoint-key"), new SecureRandom()),
                        Clock.systemUTC());
            case MEMORY -> new RingAuditSink(4096);
        };
    }
}
