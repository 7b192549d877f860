package dev.gatehouse.audit;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The hash-chained, signed, fsync'd audit log under a directory ({@code $GATEHOUSE_HOME/audit/}).
 *
 * <p>Each event becomes one JSON line in an append-only segment file, chained to the record before
 * it by SHA-256 (see {@code docs/audit-events.md} for the format). Signed checkpoints of the head
 * hash follow every N records, every T seconds and every rotation. Opening the log repairs a torn
 * tail left by a crash and records that it did.
 *
 * <p>When {@link #record} returns depends on {@link AuditLogOptions#acknowledge}:
 *
 * <ul>
 *   <li>{@link AuditLogOptions.Acknowledge#DURABLE} (the default): once the event is on disk. The
 *       log's own thread takes every queued event, writes them with one write and one fsync, and
 *       then releases their callers (group commit).
 *   <li>{@link AuditLogOptions.Acknowledge#WRITTEN}: once the event is written to the operating
 *       system. Callers write for each other: the one that finds the log free writes every queued
 *       event on its own thread and releases the callers whose events it wrote; one that finds it
 *       busy waits until its event is written, or until the writer finished without it and hands it
 *       the turn. No call waits for another thread to be scheduled just to start its write. The
 *       log's own thread fsyncs within {@link AuditLogOptions#syncInterval} of a write, without
 *       holding up the callers that write meanwhile.
 * </ul>
 *
 * <p>One process writes a directory at a time; a second {@link #open} fails with {@link
 * AuditLogException.Problem#LOCKED}. Readers ({@link AuditReader}, {@link AuditVerifier}) need no
 * lock.
 */
public final class TamperEvidentAuditLog implements AuditSink, AutoCloseable {

    /**
     * How long queued events alone may wait for an acknowledged one to share their write. Without
     * the wait, a queued event would take the idle writer's next fsync by itself, and the
     * acknowledged event that follows it a moment later would wait for a second one.
     */
    static final Duration QUEUED_HOLD = Duration.ofMillis(200);

    private final Path dir;
    private final AuditLogOptions options;
    private final boolean written;
    private final ChainWriter writer;
    private final ChainWriter.Counters counters;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Witnesses witnesses;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** Held by whoever writes: the chain writer and {@link #batch} are used under it only. */
    private final ReentrantLock commit = new ReentrantLock();

    private final List<Pending> batch = new ArrayList<>();
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    private final Thread thread;
    private final SegmentSync segmentSync;
    private volatile boolean closed;
    private volatile Throwable failure;

    /**
     * An event encoded by its own thread, waiting in the queue until it is written.
     *
     * <p>Its caller parks until the event is written ({@link #complete}) or failed, or until it is
     * handed the turn to write ({@link #promote}). Each signal sets its field before it unparks the
     * caller, and the caller names itself before it looks at them, so no signal is lost between the
     * look and the park.
     */
    private static final class Pending {
        final RecordCodec.Prepared event;
        /** Whether a caller waits for it ({@link #append}), or not ({@link #recordQueued}). */
        final boolean awaited;

        private volatile Thread waiter;
        private volatile boolean promoted;
        /** A {@code Long} sequence number once written, an {@link AuditLogException} if that failed. */
        private volatile Object outcome;

        Pending(RecordCodec.Prepared event, boolean awaited) {
            this.event = event;
            this.awaited = awaited;
        }

        boolean isDone() {
            return outcome != null;
        }

        void complete(long seq) {
            outcome = seq;
            wake();
        }

        void fail(AuditLogException e) {
            outcome = e;
            wake();
        }

        void promote() {
            promoted = true;
            wake();
        }

        private void wake() {
            var t = waiter;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        /**
         * Parks until written, failed or handed the turn. An interrupt does not end the wait: the
         * event is queued and will be written either way.
         *
         * @return whether the thread was interrupted while it waited; the caller sets the flag again
         */
        boolean awaitTurn() {
            waiter = Thread.currentThread();
            boolean interrupted = false;
            while (outcome == null && !promoted) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            promoted = false;
            return interrupted;
        }

        long seq() {
            if (outcome instanceof AuditLogException e) {
                throw e;
            }
            return (Long) outcome;
        }
    }

    private TamperEvidentAuditLog(
            Path dir,
            AuditLogOptions options,
            ChainWriter writer,
            ChainWriter.Counters counters,
            FileChannel lockChannel,
            FileLock lock,
            SegmentSync segmentSync,
            Witnesses witnesses) {
        this.witnesses = witnesses;
        this.dir = dir;
        this.options = options;
        this.written = options.acknowledge() == AuditLogOptions.Acknowledge.WRITTEN;
        this.writer = writer;
        this.counters = counters;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.segmentSync = segmentSync;
        this.thread = Thread.ofPlatform()
                .name("gatehouse-audit-writer")
                .daemon(true)
                .unstarted(written ? this::keep : this::run);
    }

    /**
     * Opens (creating if needed) the log in {@code dir}, repairing a torn tail first.
     *
     * @param signer signs checkpoints; the host passes the vault-backed one
     * @param clock stamps checkpoints and decides when they and rotations are due
     * @throws AuditLogException when the directory is locked by another writer or cannot be used
     */
    public static TamperEvidentAuditLog open(Path dir, AuditLogOptions options, CheckpointSigner signer, Clock clock) {
        return open(dir, options, signer, clock, Witnesses.none(), channel -> channel.force(false));
    }

    /**
     * Opens the log as {@link #open(Path, AuditLogOptions, CheckpointSigner, Clock)} does, and hands
     * every checkpoint, once durable, to {@code witnesses}.
     *
     * @param warnings where a witness that failed is reported (the log goes on)
     */
    public static TamperEvidentAuditLog open(
            Path dir,
            AuditLogOptions options,
            CheckpointSigner signer,
            Clock clock,
            List<CheckpointWitness> witnesses,
            java.util.function.Consumer<String> warnings) {
        return open(dir, options, signer, clock, new Witnesses(witnesses, warnings), channel -> channel.force(false));
    }

    /**
     * How the log's thread fsyncs a segment in {@link AuditLogOptions.Acknowledge#WRITTEN} mode,
     * outside the commit lock. Always {@code force(false)}; tests hold it to show who waits for it.
     */
    @FunctionalInterface
    interface SegmentSync {
        void force(FileChannel channel) throws IOException;
    }

    static TamperEvidentAuditLog open(
            Path dir, AuditLogOptions options, CheckpointSigner signer, Clock clock, SegmentSync segmentSync) {
        return open(dir, options, signer, clock, Witnesses.none(), segmentSync);
    }

    private static TamperEvidentAuditLog open(
            Path dir,
            AuditLogOptions options,
            CheckpointSigner signer,
            Clock clock,
            Witnesses witnesses,
            SegmentSync segmentSync) {
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
            var writer = new ChainWriter(absolute, options, signer, clock, head, counters, witnesses);
            if (!head.notes().isEmpty()) {
                writer.appendNotes(head.notes());
            }
            var log = new TamperEvidentAuditLog(
                    absolute, options, writer, counters, lockChannel, lock, segmentSync, witnesses);
            log.thread.start();
            return log;
        } catch (IOException e) {
            closeQuietly(lockChannel);
            witnesses.close();
            throw new AuditLogException(AuditLogException.Problem.IO, "cannot open the audit log", absolute, e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            witnesses.close();
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
            throw new AuditLogException(
                    AuditLogException.Problem.LOCKED,
                    "another writer has the audit log open"
                            + holder(dir).map(pid -> " (process " + pid + ")").orElse(""),
                    dir);
        }
        // Who holds it, for the message another process shows when it cannot take the lock.
        channel.truncate(0);
        channel.write(
                java.nio.ByteBuffer.wrap(
                        Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)),
                0);
        return lock;
    }

    /** The process id the holder wrote into the lock file, if it reads as one. */
    static Optional<Long> holder(Path dir) {
        try (var channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.READ)) {
            var buffer = java.nio.ByteBuffer.allocate(20);
            channel.read(buffer, 0);
            var text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
            return text.matches("[0-9]{1,19}") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Records the event and returns once it is acknowledged; see {@link #append}. */
    @Override
    public void record(AuditEvent event) {
        append(event);
    }

    /**
     * Appends the event and returns its sequence number once it is acknowledged: fsync'd, or with
     * {@link AuditLogOptions.Acknowledge#WRITTEN} written to the operating system.
     *
     * @throws AuditLogException when the log is closed or a write failed; the event is then not
     *     acknowledged
     */
    public long append(AuditEvent event) {
        var pending = enqueue(event, true);
        boolean interrupted = false;
        if (written) {
            while (!pending.isDone()) {
                if (commit.tryLock()) {
                    try {
                        if (!pending.isDone()) {
                            interrupted |= commitAsCaller();
                        }
                    } finally {
                        commit.unlock();
                    }
                    promoteNext();
                } else {
                    interrupted |= pending.awaitTurn();
                }
            }
        } else {
            // Only an event somebody waits for wakes the writer: a queued one rides along with it
            // (or is picked up at the writer's next look, within two holds), which saves a wake-up
            // of the writer thread per call.
            LockSupport.unpark(thread);
            while (!pending.isDone()) {
                interrupted |= pending.awaitTurn();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return pending.seq();
    }

    /**
     * Queues the event behind those already queued without waiting for it to be written. Events are
     * written in queue order and the log stops at its first failure, after which every append
     * throws; so once a later {@link #append} returns, this event is written too.
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

    /**
     * A caller's commit, with the lock held ({@link AuditLogOptions.Acknowledge#WRITTEN}). The first
     * write after an fsync wakes the log's thread, which fsyncs within the interval; later ones do
     * not, so that costs one wake-up per interval, not one per call.
     *
     * @return whether this thread had been interrupted. The flag is cleared for the write, where it
     *     would close the segment's channel under the log; the caller sets it again afterwards.
     */
    private boolean commitAsCaller() {
        boolean interrupted = Thread.interrupted();
        boolean synced = !writer.hasUnsynced();
        commitQueued();
        if (synced && writer.hasUnsynced()) {
            LockSupport.unpark(thread);
        }
        return interrupted;
    }

    /**
     * After the commit lock is released ({@link AuditLogOptions.Acknowledge#WRITTEN}): a caller whose
     * event is still queued may be parked behind the writer that just finished without it; hand it
     * the turn. It queued its event before its attempt at the lock failed, so it is seen here.
     */
    private void promoteNext() {
        for (var p : queue) {
            if (p.awaited) {
                p.promote();
                return;
            }
        }
    }

    /** With the commit lock held: writes up to a batch of queued events and releases their callers. */
    private void commitQueued() {
        Pending next;
        while (batch.size() < options.maxBatch() && (next = queue.poll()) != null) {
            batch.add(next);
        }
        try {
            write(batch);
        } finally {
            batch.clear();
        }
    }

    /** The options this log was opened with. */
    public AuditLogOptions options() {
        return options;
    }

    /**
     * Checks that the segment being written is still the file at its name, as it was left; if
     * someone deleted, replaced or changed it, keeps what this log wrote aside, goes on in a new
     * segment that records it, and returns what happened (for the operator's console).
     */
    public Optional<String> checkSegment() {
        return locked(() -> {
            if (failure != null || closed) {
                return Optional.<String>empty();
            }
            try {
                var problem = writer.segmentProblem();
                if (problem.isEmpty()) {
                    return Optional.<String>empty();
                }
                writer.replaceSegment(problem.get());
                return Optional.of("the audit segment being written " + problem.get()
                        + "; what this server wrote is kept beside it, and the log goes on in a new segment");
            } catch (IOException e) {
                failure = e;
                return Optional.of("the audit segment being written could not be checked; the log stops");
            }
        });
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

    /** Writes what is queued, signs a final checkpoint, fsyncs, and releases the directory. */
    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
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
        // The final checkpoint is durable now; wait (bounded) until the witnesses have it too.
        witnesses.close();
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

    /** The writer thread with {@link AuditLogOptions.Acknowledge#DURABLE}: every commit is its own. */
    private void run() {
        while (!closed) {
            if (queue.isEmpty()) {
                locked(this::idle);
                sleep(idleWait().toNanos());
                continue;
            }
            holdQueued();
            // An interrupt that came while this thread was busy would close the channel under the
            // commit's force: clear it here too, not only after parking (only the JVM at exit, or a
            // stray interrupt, sets it, and the log must outlive both).
            Thread.interrupted();
            locked(this::commitQueued);
        }
        finish();
    }

    /**
     * The log's thread with {@link AuditLogOptions.Acknowledge#WRITTEN}: callers write; this thread
     * fsyncs within the interval of the first write after an fsync, writes queued events nobody
     * follows, and signs checkpoints on a quiet log. Calls never wake it, but for that first write.
     * Its fsync runs without the commit lock: a caller that writes meanwhile does not wait for the
     * disk, and its lines are fsync'd by the next round.
     */
    private void keep() {
        while (!closed) {
            boolean unsynced = locked(writer::hasUnsynced);
            sleep(unsynced ? options.syncInterval().toNanos() : idleWait().toNanos());
            if (!unsynced && !closed && locked(writer::hasUnsynced)) {
                // Woken by the first write since the last fsync: its interval starts now.
                continue;
            }
            var pendingSync = locked(() -> {
                commitQueued();
                idle();
                return failure == null ? writer.pendingSync() : null;
            });
            promoteNext();
            if (pendingSync != null) {
                var problem = force(pendingSync);
                locked(() -> {
                    try {
                        writer.synced(pendingSync, problem);
                    } catch (IOException | RuntimeException e) {
                        failure = e;
                    }
                });
            }
        }
        finish();
    }

    /**
     * Without the commit lock: callers go on writing while the disk takes its time.
     *
     * @return what the fsync failed with, or null; {@link ChainWriter#synced} decides whether it counts
     */
    private IOException force(ChainWriter.PendingSync pendingSync) {
        try {
            segmentSync.force(pendingSync.channel());
            return null;
        } catch (IOException e) {
            return e;
        } catch (RuntimeException e) {
            return new IOException("the segment's fsync failed", e);
        }
    }

    private void locked(Runnable action) {
        locked(() -> {
            action.run();
            return null;
        });
    }

    private <T> T locked(Supplier<T> action) {
        commit.lock();
        try {
            return action.get();
        } finally {
            commit.unlock();
        }
    }

    /** Parks until woken by an acknowledged event or a close, or until the time is up. */
    private void sleep(long nanos) {
        LockSupport.parkNanos(this, nanos);
        // Only the JVM at exit interrupts this thread, and a set flag would turn every park into a
        // spin: clear it and keep going until closed, so nothing queued is lost.
        Thread.interrupted();
    }

    /**
     * Queued events nobody waits for wait up to {@link #QUEUED_HOLD} for one somebody does. Queued
     * events do not wake this thread, so it looks again when an acknowledged one does, when the log
     * closes or when the hold is over.
     */
    private void holdQueued() {
        long until = System.nanoTime() + QUEUED_HOLD.toNanos();
        while (!closed && !anyAwaitedWithinBatch()) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            sleep(left);
        }
    }

    /** Whether the next batch holds an event somebody waits for, or is full already. */
    private boolean anyAwaitedWithinBatch() {
        int seen = 0;
        for (var p : queue) {
            if (p.awaited || ++seen >= options.maxBatch()) {
                return true;
            }
        }
        return false;
    }

    /**
     * How long the idle thread sleeps: until the next checkpoint is due, and never longer than
     * {@link #QUEUED_HOLD}, because a queued event does not wake it and must still be written within
     * two holds when no acknowledged event follows it.
     */
    private Duration idleWait() {
        var wait = locked(writer::untilCheckpoint);
        if (wait.compareTo(QUEUED_HOLD) > 0) {
            wait = QUEUED_HOLD;
        }
        return wait.isZero() ? Duration.ofMillis(1) : wait;
    }

    /** With the commit lock held: a checkpoint when its interval is up. */
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

    /** With the commit lock held. */
    private void write(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (failure != null) {
            batch.forEach(p -> p.fail(stopped()));
            return;
        }
        try {
            var events = new ArrayList<RecordCodec.Prepared>(batch.size());
            for (var p : batch) {
                events.add(p.event);
            }
            var seqs = writer.append(events);
            for (int i = 0; i < seqs.length; i++) {
                batch.get(i).complete(seqs[i]);
            }
        } catch (IOException | RuntimeException e) {
            // What reached the disk is unknown: stop here; reopening repairs the tail.
            failure = e;
            batch.forEach(p -> p.fail(stopped()));
        }
    }

    /**
     * After close: writes everything still queued (nothing can be added once closed is set), then
     * closes the writer, which signs a final checkpoint and fsyncs, and releases the lock.
     */
    private void finish() {
        commit.lock();
        try {
            while (!queue.isEmpty()) {
                commitQueued();
            }
            if (failure == null) {
                writer.close();
            } else {
                writer.abandon();
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            commit.unlock();
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
