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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
    private static final Duration MAX_IDLE_WAIT = Duration.ofSeconds(1);

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
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
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
            var head = TailRecovery.recover(absolute, clock);
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
            Pending first = poll();
            if (first == null) {
                idle();
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, options.maxBatch() - 1);
            holdQueued(batch);
            stop = batch.removeIf(p -> p == CLOSE);
            write(batch);
            batch.clear();
        }
        finish();
    }

    /** A batch nobody waits for waits up to {@link #QUEUED_HOLD} for one somebody does. */
    private void holdQueued(List<Pending> batch) {
        long until = System.nanoTime() + QUEUED_HOLD.toNanos();
        while (batch.size() < options.maxBatch() && batch.stream().noneMatch(Pending::awaited)) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                var next = queue.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) {
                    return;
                }
                batch.add(next);
                queue.drainTo(batch, options.maxBatch() - batch.size());
            } catch (InterruptedException e) {
                // As in poll(): only the JVM at exit interrupts this thread; write what we have.
                return;
            }
        }
    }

    private Pending poll() {
        var wait = writer.untilCheckpoint();
        if (wait.compareTo(MAX_IDLE_WAIT) > 0) {
            wait = MAX_IDLE_WAIT;
        }
        try {
            return queue.poll(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // Nobody interrupts this thread but the JVM at exit; keep draining until CLOSE.
            return null;
        }
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
