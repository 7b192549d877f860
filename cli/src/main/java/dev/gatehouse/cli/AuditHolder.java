package dev.gatehouse.cli;

import dev.gatehouse.audit.AuditConfig;
import dev.gatehouse.audit.AuditLogOptions;
import dev.gatehouse.audit.AuditLogs;
import dev.gatehouse.audit.CheckpointWitness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One audit log per home for the life of a command: the log takes a lock and a writer thread, so
 * every part of a command shares it, and it is closed (inbox chained in, final checkpoint
 * signed) when the command ends.
 */
final class AuditHolder {

    private static final Map<Path, AuditLogs> OPEN = new HashMap<>();

    private AuditHolder() {}

    static synchronized AuditLogs forHome(Services services, Environment env) {
        var home = services.home();
        // Read (and on a fresh home, first-run) outside the map's update: a first run records an
        // event, which comes back here for the log being opened.
        services.config();
        return OPEN.computeIfAbsent(home.root(), root -> {
            try (var vault = services.vault(env.err()::println)) {
                createPrivate(home.localWitness().getParent());
                return AuditLogs.open(
                        home.audit(),
                        vault,
                        services.config().section(AuditConfig.SECTION),
                        env.clock(),
                        java.util.List.of(CheckpointWitness.file(home.localWitness())),
                        warning -> env.err().println("gatehouse: " + warning));
            }
        });
    }

    private static void createPrivate(Path dir) {
        try {
            java.nio.file.Files.createDirectories(
                    dir,
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** When a call's audit record counts as recorded, in words for doctor and serve. */
    static String acknowledgement(AuditLogOptions.Acknowledge acknowledge, Duration syncInterval) {
        return switch (acknowledge) {
            case DURABLE -> "a call is answered once its record is fsync'd (audit.acknowledge: durable)";
            case WRITTEN ->
                "a call is answered once its record is written, and fsync'd within " + syncInterval.toMillis()
                        + " ms (audit.acknowledge: written): a power cut or an operating-system crash"
                        + " can lose the records of that last interval";
        };
    }

    static synchronized void closeAll() {
        RuntimeException failure = null;
        for (var logs : OPEN.values()) {
            try {
                logs.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        OPEN.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
