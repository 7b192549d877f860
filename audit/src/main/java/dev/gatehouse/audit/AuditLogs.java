package dev.gatehouse.audit;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.vault.Vault;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Opens the audit log for a process: the tamper-evident log itself when this process can take its
 * lock, else the inbox that the log's holder chains in. Either way an event is on disk, fsync'd,
 * when {@link #record} returns; unless the operator chose {@code audit.acknowledge: written}, where
 * the log's own events are written at once and fsync'd within its interval.
 */
public final class AuditLogs implements AuditSink, AutoCloseable {

    /** How often the log's segment is checked against what this process wrote to it. */
    static final java.time.Duration SEGMENT_CHECK = java.time.Duration.ofSeconds(2);

    private final Path dir;
    private final Clock clock;
    private java.util.concurrent.ScheduledExecutorService watcher;
    private final TamperEvidentAuditLog log;
    private final AuditSink sink;

    private AuditLogs(Path dir, TamperEvidentAuditLog log, AuditSink sink, Clock clock) {
        this.clock = clock;
        this.dir = dir;
        this.log = log;
        this.sink = sink;
    }

    public static AuditLogs open(Path auditDir, Vault vault, AuditConfig config, Clock clock) {
        return open(auditDir, vault, config, clock, List.of(), warning -> {});
    }

    /**
     * Opens the log with witnesses: the operator's from {@code config}, then {@code local} (the
     * host's own copy in the home, which catches a careless cut or wipe; only witnesses outside the
     * home hold against someone who can change the home's files).
     *
     * @param warnings where a witness that failed is reported
     */
    public static AuditLogs open(
            Path auditDir,
            Vault vault,
            AuditConfig config,
            Clock clock,
            List<CheckpointWitness> local,
            Consumer<String> warnings) {
        var signer = VaultCheckpointKey.loadOrCreate(vault, auditDir, new SecureRandom());
        var witnesses = new ArrayList<CheckpointWitness>();
        config.witnesses().forEach(w -> witnesses.add(w.open()));
        witnesses.addAll(local);
        try {
            var log = TamperEvidentAuditLog.open(auditDir, config.options(), signer, clock, witnesses, warnings);
            var opened = new AuditLogs(auditDir, log, log, clock);
            opened.watch(warnings);
            opened.drainInbox();
            return opened;
        } catch (AuditLogException e) {
            if (e.problem() != AuditLogException.Problem.LOCKED) {
                throw e;
            }
            return new AuditLogs(auditDir, null, new AuditInbox(auditDir), clock);
        }
    }

    /**
     * The options of the log this process holds, as opened; empty where another process holds it
     * and this one spools to the inbox, which is always fsync'd before {@link #record} returns.
     */
    public Optional<AuditLogOptions> heldOptions() {
        return Optional.ofNullable(log).map(TamperEvidentAuditLog::options);
    }

    /**
     * Where another process holds the log: the process id it wrote into the lock file, when it
     * did. Empty when this process holds the log, or when the holder's id cannot be read.
     */
    public Optional<Long> holder() {
        return log == null ? TamperEvidentAuditLog.holder(dir) : Optional.empty();
    }

    /** The log's directory. */
    public Path directory() {
        return dir;
    }

    /**
     * Checks every {@link #SEGMENT_CHECK} that the segment being written is still the file this
     * process holds: deleting it, or replacing it as {@code sed -i} and editors do, is noticed and
     * reported within seconds, and no record is written to a file nobody can see any more.
     */
    private void watch(Consumer<String> warnings) {
        watcher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("gatehouse-audit-watch").factory());
        watcher.scheduleWithFixedDelay(
                () -> {
                    try {
                        log.checkSegment().ifPresent(problem -> warnings.accept("audit: WARNING: " + problem));
                    } catch (RuntimeException e) {
                        // A closed or failed log says so on its own; the check has nothing to add.
                    }
                },
                SEGMENT_CHECK.toMillis(),
                SEGMENT_CHECK.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Chains in what other processes spooled; a no-op where this process does not hold the log. */
    public int drainInbox() {
        return log == null ? 0 : AuditInbox.drainInto(dir, log, clock);
    }

    @Override
    public void record(AuditEvent event) {
        sink.record(event);
    }

    @Override
    public void recordQueued(AuditEvent event) {
        sink.recordQueued(event);
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
        if (log != null) {
            drainInbox();
            log.close();
        }
    }
}
