package dev.gatehouse.custody.audit;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The hash-chained, signed, fsync'd audit log under a directory ({@code $GATEHOUSE_HOME/audit/}).
 *
 * <p>Each event becomes one JSON line in an append-only segment file, chained to the record before
 * it by SHA-256 (see {@code docs/audit-events.md} for the format). Signed checkpoints of the head
 * hash follow every N records, every T seconds and every rotation. {@link #record} returns only once
 * the event is on disk: a single writer thread takes every queued event, writes them with one write
 * and one fsync, and then releases their callers (group commit). Opening the log repairs a torn tail
 * left by a crash and records that it did.
 *
 * <p>One process writes a directory at a time; a second {@link #open} fails with {@link
 * AuditLogException.Problem#LOCKED}. Readers ({@link AuditReader}, {@link AuditVerifier}) need no
 * lock.
 */
public final class TamperEvidentAuditLog implements AuditSink, AutoCloseable {

    private static final Pending CLOSE = new Pending(null, true);

    /**
     * How long queued events alone may wait for an acknowledged one to share their fsync. Without
     * the wait, a queued event would take the idle writer's next fsync by itself, and the
     * acknowledged event that follows it a moment later would wait for a second one.
     */
    static final Duration QUEUED_HOLD = Duration.ofMillis(200);

    private final Path dir;
    private final AuditLogOptions options;
    private final ChainWriter writer;
    private final ChainWriter.Counters counters;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    private final Thread thread;
    private boolean closed;
    private volatile Throwable failure;

    /**
     * An event encoded by its own thread, so the writer thread's work per event is small.
     *
     * @param awaited whether a caller waits for its fsync ({@link #append}) or not ({@link #recordQueued})
     */
    private record Pending(RecordCodec.Prepared event, boolean awaited, CompletableFuture<Long> done) {
        Pending(RecordCodec.Prepared event, boolean awaited) {
            this(event, awaited, new CompletableFuture<>());
        }
    }

    private TamperEvidentAuditLog(
            Path dir,
            AuditLogOptions options,
            ChainWriter writer,
            ChainWriter.Counters counters,
            FileChannel lockChannel,
            FileLock lock) {
        this.dir = dir;
        this.options = options;
        this.writer = writer;
        this.counters = counters;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.thread =
                Thread.ofPlatform().name("gatehouse-audit-writer").daemon(true).unstarted(this::run);
    }

    /**
     * Opens (creating if needed) the log in {@code dir}, repairing a torn tail first.
     *
     * @param signer signs checkpoints; the host passes the vault-backed one
     * @param clock stamps checkpoints and decides when they and rotations are due
     * @throws AuditLogException when the directory is locked by another writer or cannot be used
     */
    public static TamperEvidentAuditLog open(Path dir, AuditLogOptions options, CheckpointSigner signer, Clock clock) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(clock, "clock");
        var absolute = dir.toAbsolutePath().normalize();
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(
                    absolute, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            lockChannel =
                    FileChannel.open(absolute.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            var lock = tryLock(lockChannel, absolute);
            var head = TailRecovery.recover(absolute, options, clock);
            var counters = new ChainWriter.Counters();
            var writer = new ChainWriter(absolute, options, signer, clock, head, counters);
            if (!head.notes().isEmpty()) {
                writer.appendNotes(head.notes());
            }
            var log = new TamperEvidentAuditLog(absolute, options, writer, counters, lockChannel, lock);
            log.thread.start();
            return log;
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new AuditLogException(AuditLogException.Problem.IO, "cannot open the audit log", absolute, e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel, Path dir) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new AuditLogException(AuditLogException.Problem.LOCKED, "another writer has the audit log open", dir);
        }
        return lock;
    }

    /** Records the event durably; see {@link #append}. */
    @Override
    public void record(AuditEvent event) {
        append(event);
    }

    /**
     * Appends the event and returns its sequence number once it is fsync'd.
     *
     * @throws AuditLogException when the log is closed or a write failed; the event is then not
     *     acknowledged
     */
    public long append(AuditEvent event) {
        var pending = enqueue(event, true);
        try {
            return pending.done().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof AuditLogException a
                    ? a
                    : new AuditLogException(
                            AuditLogException.Problem.IO, "the audit log could not write", dir, e.getCause());
        }
    }

    /**
     * Queues the event behind those already queued without waiting for its fsync. The writer
     * commits in queue order and stops at its first failure, after which every append throws; so
     * once a later {@link #append} returns, this event is durable too.
     *
     * @throws AuditLogException when the log is already closed or failed
     */
    @Override
    public void recordQueued(AuditEvent event) {
        enqueue(event, false);
    }

    private Pending enqueue(AuditEvent event, boolean awaited) {
        Objects.requireNonNull(event, "event");
        var pending = new Pending(RecordCodec.prepare(event), awaited);
        closing.readLock().lock();
        try {
            if (closed || failure != null) {
                throw stopped();
            }
            queue.add(pending);
        } finally {
            closing.readLock().unlock();
        }
        if (awaited) {
            // Only an event somebody waits for wakes the writer: a queued one rides along with it
            // (or is picked up at the writer's next look, within two holds), which saves a wake-up
            // of the writer thread per call.
            LockSupport.unpark(thread);
        }
        return pending;
    }

    /** Counters since open: group commits, fsyncs, batch sizes, checkpoints, rotations. */
    public AuditLogStats stats() {
        return new AuditLogStats(
                counters.records.get(),
                counters.batches.get(),
                counters.fsyncs.get(),
                counters.checkpoints.get(),
                counters.rotations.get(),
                counters.maxBatch.get());
    }

    public Path directory() {
        return dir;
    }

    /** Writes what is queued, signs a final checkpoint, and releases the directory. */
    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(CLOSE);
        } finally {
            closing.writeLock().unlock();
        }
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        closeQuietly(lockChannel);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw stopped();
        }
    }

    private AuditLogException stopped() {
        return failure == null
                ? new AuditLogException(AuditLogException.Problem.CLOSED, "the audit log is closed", dir)
                : new AuditLogException(
                        AuditLogException.Problem.CLOSED, "the audit log stopped after a write failed", dir, failure);
    }

    private void run() {
        var batch = new ArrayList<Pending>(options.maxBatch());
        boolean stop = false;
        while (!stop) {
            drain(batch);
            if (batch.isEmpty()) {
                idle();
                sleep(idleWait().toNanos());
                continue;
            }
            holdQueued(batch);
            stop = batch.removeIf(p -> p == CLOSE);
            write(batch);
            batch.clear();
        }
        finish();
    }

    /** Parks until woken by an acknowledged event or a close, or until the time is up. */
    private void sleep(long nanos) {
        LockSupport.parkNanos(this, nanos);
        // Only the JVM at exit interrupts this thread, and a set flag would turn every park into a
        // spin: clear it and keep going until CLOSE, so nothing queued is lost.
        Thread.interrupted();
    }

    /** Moves queued events into the batch, in queue order, up to the batch limit. */
    private void drain(List<Pending> batch) {
        Pending next;
        while (batch.size() < options.maxBatch() && (next = queue.poll()) != null) {
            batch.add(next);
        }
    }

    /**
     * A batch nobody waits for waits up to {@link #QUEUED_HOLD} for one somebody does. Queued
     * events do not wake this thread, so it looks again when an acknowledged one does or when the
     * hold is over.
     */
    private void holdQueued(List<Pending> batch) {
        long until = System.nanoTime() + QUEUED_HOLD.toNanos();
        while (batch.size() < options.maxBatch() && batch.stream().noneMatch(Pending::awaited)) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            sleep(left);
            drain(batch);
        }
    }

    /**
     * How long the idle writer sleeps: until the next checkpoint is due, and never longer than
     * {@link #QUEUED_HOLD}, because a queued event does not wake it and must still reach the disk
     * within two holds when no acknowledged event follows it.
     */
    private Duration idleWait() {
        var wait = writer.untilCheckpoint();
        if (wait.compareTo(QUEUED_HOLD) > 0) {
            wait = QUEUED_HOLD;
        }
        return wait.isZero() ? Duration.ofMillis(1) : wait;
    }

    private void idle() {
        if (failure != null) {
            return;
        }
        try {
            writer.idle();
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    private void write(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (failure != null) {
            batch.forEach(p -> p.done().completeExceptionally(stopped()));
            return;
        }
        try {
            var seqs = writer.append(batch.stream().map(Pending::event).toList());
            for (int i = 0; i < seqs.length; i++) {
                batch.get(i).done().complete(seqs[i]);
            }
        } catch (IOException | RuntimeException e) {
            // What reached the disk is unknown: stop here; reopening repairs the tail.
            failure = e;
            batch.forEach(p -> p.done().completeExceptionally(stopped()));
        }
    }

    private void finish() {
        try {
            if (failure == null) {
                writer.close();
            } else {
                writer.abandon();
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it as well.
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing was written through it; the lock dies with the channel.
            }
        }
    }
}
