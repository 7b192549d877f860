package dev.gatehouse.bench;

import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.audit.AuditConfig;
import dev.gatehouse.audit.AuditLogOptions;
import dev.gatehouse.audit.FileCheckpointKey;
import dev.gatehouse.audit.TamperEvidentAuditLog;
import dev.gatehouse.config.GatehouseHome;
import java.security.SecureRandom;
import java.time.Clock;

/** Which audit sink a measured host writes to. */
enum AuditMode {
    /**
     * What {@code gatehouse serve} uses: the hash-chained log, each event fsync'd before the call
     * returns, concurrent events sharing one fsync (group commit).
     */
    LOG,
    /**
     * The same log with {@code audit.acknowledge: written}: a call waits until its record is
     * written to the operating system, and the fsync follows within the default
     * {@code sync_interval}, as {@code serve} runs with {@code acknowledge: written} alone.
     */
    WRITTEN,
    /** A bounded in-memory ring: the pipeline without audit I/O. */
    MEMORY;

    AuditSink sink(GatehouseHome home) {
        return switch (this) {
            case LOG -> log(home, AuditLogOptions.defaults());
            case WRITTEN ->
                log(
                        home,
                        new AuditConfig(
                                        AuditLogOptions.Acknowledge.WRITTEN,
                                        AuditConfig.defaults().syncInterval())
                                .options());
            case MEMORY -> new RingAuditSink(4096);
        };
    }

    private static TamperEvidentAuditLog log(GatehouseHome home, AuditLogOptions options) {
        return TamperEvidentAuditLog.open(
                home.audit(),
                options,
                FileCheckpointKey.loadOrCreate(home.audit().resolve("checkpoint-key"), new SecureRandom()),
                Clock.systemUTC());
    }
}
