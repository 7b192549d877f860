package dev.gatehouse.audit;

import dev.gatehouse.api.audit.AuditEvent;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends records to the current segment, chaining each to the one before, inserting signed
 * checkpoints and rotating segments. Used by one thread at a time, under the log's commit lock;
 * only the counters are read from elsewhere.
 *
 * <p>Records are written into space the file already has: when a batch would pass the end of the
 * file, the file is first extended with zeros ({@link AuditLogOptions#preallocateBytes}) and forced
 * with its new size, and the batch is then written at the end of the data. Its fsync then flushes
 * data blocks only; appending would make every fsync also commit the new size and block allocation
 * through the file system's journal, which costs about twice as much. Readers take the NUL bytes
 * after the data as its end ({@link SegmentEnd}). Closing a segment, for rotation or with the log,
 * cuts them off.
 *
 * <p>With {@link AuditLogOptions.Acknowledge#WRITTEN} the threads that call in are the log's
 * callers, and an interrupt of a thread blocked in a {@link FileChannel} operation closes the
 * channel. So the file is written, cut and fsync'd through {@link RandomAccessFile} and its file
 * descriptor, which no interrupt affects; the channel serves only the data-only fsync ({@link
 * FileChannel#force force(false)}) of a {@link PendingSync}, which the log's own thread makes, and
 * of each commit in the durable mode, where only that thread writes. A new segment's directory
 * entry can only be fsync'd through a channel; {@link Segments#forceDirectory} does that on a
 * thread of its own.
 */
final class ChainWriter implements AutoCloseable {

    static final String SYSTEM_PRINCIPAL = "system:audit";

    private final Path dir;
    private final AuditLogOptions options;
    private final CheckpointSigner signer;
    private final java.util.function.Consumer<WitnessedCheckpoint> witnessed;

    /** A checkpoint not yet durable, and how many lines must be fsync'd before it is. */
    private record Unwitnessed(WitnessedCheckpoint checkpoint, long lines) {}

    /** Checkpoints written but not yet durable, oldest first; handed to the witnesses once they are. */
    private final java.util.ArrayDeque<Unwitnessed> unwitnessed = new java.util.ArrayDeque<>();

    private final String keyId;
    private final Clock clock;
    private final MessageDigest sha = RecordCodec.sha256();
    private final Counters counters;

    private static final byte[] ZEROS = new byte[64 * 1024];

    /** The segment; between batches its file pointer is at {@link #dataEnd}, where flush writes. */
    private RandomAccessFile file;

    private FileChannel channel;
    /** Where the segment's records end, and the next batch is written. */
    private long dataEnd;
    /** The segment file's size: the records, then zeros up to here. */
    private long allocated;

    private Instant segmentStarted;
    /** The segment's path and the file it named when opened, to notice a file put in its place. */
    private Path segmentPath;

    private Object segmentKey;
    private long lastSeq;
    private String lastHash;
    private long sinceCheckpoint;
    private Instant lastCheckpointAt;
    private byte[] buffer = new byte[64 * 1024];
    private int buffered;
    private int bufferedLines;
    /**
     * Lines written, and of those the ones known to be fsync'd, since open ({@link
     * AuditLogOptions.Acknowledge#WRITTEN} only). Counted rather than reset, because the log's thread
     * fsyncs outside the commit lock while callers go on writing: its fsync covers the lines written
     * when it started ({@link PendingSync}), and perhaps more, but no more is known.
     */
    private long writtenLines;

    private long syncedLines;

    /**
     * An fsync the log's thread makes outside the commit lock: the segment's channel, and the lines
     * written when it was asked for. Whatever is written into the file before the fsync starts is on
     * disk when it returns; the write calls that go on meanwhile touch other bytes of the file.
     */
    record PendingSync(FileChannel channel, long lines) {}

    /** Counters for {@link AuditLogStats}; written by the writer thread only. */
    static final class Counters {
        final AtomicLong records = new AtomicLong();
        final AtomicLong batches = new AtomicLong();
        final AtomicLong fsyncs = new AtomicLong();
        final AtomicLong checkpoints = new AtomicLong();
        final AtomicLong rotations = new AtomicLong();
        final AtomicLong maxBatch = new AtomicLong();
    }

    ChainWriter(
            Path dir,
            AuditLogOptions options,
            CheckpointSigner signer,
            Clock clock,
            TailRecovery.Head head,
            Counters counters)
            throws IOException {
        this(dir, options, signer, clock, head, counters, checkpoint -> {});
    }

    /** @param witnessed receives each checkpoint once it is durable, in order */
    ChainWriter(
            Path dir,
            AuditLogOptions options,
            CheckpointSigner signer,
            Clock clock,
            TailRecovery.Head head,
            Counters counters,
            java.util.function.Consumer<WitnessedCheckpoint> witnessed)
            throws IOException {
        this.witnessed = witnessed;
        this.dir = dir;
        this.options = options;
        this.signer = signer;
        this.keyId = Checkpoints.keyId(signer.publicKey());
        this.clock = clock;
        this.counters = counters;
        this.lastSeq = head.lastSeq();
        this.lastHash = head.lastHash();
        this.sinceCheckpoint = head.endsWithCheckpoint() ? 0 : 1;
        this.lastCheckpointAt = clock.instant();
        openSegment(head.segment(), head.segmentStarted(), head.dataEnd());
    }

    long lastSeq() {
        return lastSeq;
    }

    /**
     * The most lines one group commit writes ({@link #write}): its events, a checkpoint after every
     * so many of them (at most one per event), and one more when the interval is up.
     */
    static int maxLinesPerCommit(AuditLogOptions options) {
        return 2 * options.maxBatch() + 1;
    }

    /** Writes the prepared events as one group: one write, one fsync. Returns their sequence numbers. */
    long[] append(List<RecordCodec.Prepared> events) throws IOException {
        var seqs = write(events);
        counters.records.addAndGet(events.size());
        counters.batches.incrementAndGet();
        counters.maxBatch.accumulateAndGet(events.size(), Math::max);
        return seqs;
    }

    /** Writes the log's own notes (recoveries) durably, outside the event counters. */
    void appendNotes(List<AuditEvent> notes) throws IOException {
        write(notes.stream().map(RecordCodec::prepare).toList());
    }

    private long[] write(List<RecordCodec.Prepared> events) throws IOException {
        if (rotationDue()) {
            rotate();
        }
        var seqs = new long[events.size()];
        for (int i = 0; i < events.size(); i++) {
            seqs[i] = add(events.get(i));
            sinceCheckpoint++;
            if (sinceCheckpoint >= options.checkpointEveryRecords()) {
                addCheckpoint(Checkpoints.REASON_INTERVAL);
            }
        }
        if (checkpointDue()) {
            addCheckpoint(Checkpoints.REASON_INTERVAL);
        }
        flush();
        return seqs;
    }

    /** Whether records were written and not yet fsync'd ({@link AuditLogOptions.Acknowledge#WRITTEN}). */
    boolean hasUnsynced() {
        return writtenLines > syncedLines;
    }

    /**
     * What an fsync now would make durable ({@link AuditLogOptions.Acknowledge#WRITTEN}), or null when
     * nothing written waits for one. The log's own thread forces the channel outside the commit lock,
     * so that callers keep writing meanwhile, and then reports back through {@link #synced}. Only that
     * thread uses the channel, which an interrupt would close; no other thread interrupts it.
     */
    PendingSync pendingSync() {
        return hasUnsynced() ? new PendingSync(channel, writtenLines) : null;
    }

    /**
     * With the commit lock held again after {@code done}'s fsync: counts it, or throws its failure.
     * A segment rotated meanwhile was fsync'd when it was sealed, before its channel closed under the
     * fsync; that failure loses nothing and is not one.
     */
    void synced(PendingSync done, IOException failure) throws IOException {
        if (failure == null) {
            counters.fsyncs.incrementAndGet();
            syncedLines = Math.max(syncedLines, done.lines());
            releaseWitnessed(false);
        } else if (done.channel() == channel) {
            throw failure;
        }
    }

    /** Called when no event has arrived for a while: signs what is unsigned once the interval is up. */
    void idle() throws IOException {
        if (checkpointDue()) {
            addCheckpoint(Checkpoints.REASON_INTERVAL);
            flush();
        }
    }

    Duration untilCheckpoint() {
        var left = Duration.between(clock.instant(), lastCheckpointAt.plus(options.checkpointInterval()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    @Override
    public void close() throws IOException {
        try {
            if (sinceCheckpoint > 0) {
                addCheckpoint(Checkpoints.REASON_CLOSE);
                flush();
            }
            seal();
        } finally {
            file.close();
        }
    }

    /**
     * Closes the segment without writing: after a failed write, nothing more is trusted to the file.
     * Its zeros stay; opening the log again finds where the data ends.
     */
    void abandon() throws IOException {
        file.close();
    }

    private boolean checkpointDue() {
        return sinceCheckpoint > 0 && !untilCheckpoint().isPositive();
    }

    private boolean rotationDue() {
        if (dataEnd == 0) {
            return false;
        }
        return dataEnd >= options.segmentMaxBytes()
                || !clock.instant().isBefore(segmentStarted.plus(options.segmentMaxAge()));
    }

    /** Closes the segment with a signed checkpoint, so a missing successor is detectable. */
    private void rotate() throws IOException {
        // The successor exists (durably) before the rotation checkpoint that promises it is written,
        // so a rotation checkpoint without a successor file always means the file was removed.
        var next = dir.resolve(Segments.name(lastSeq + 2));
        createIfAbsent(next);
        addCheckpoint(Checkpoints.REASON_ROTATION);
        flush();
        // Cut only once the checkpoint is durable. A crash in between leaves zeros after it, which
        // readers take as the end of the data and the next open cuts (TailRecovery).
        seal();
        file.close();
        openSegment(next, clock.instant(), 0);
        counters.rotations.incrementAndGet();
    }

    /** Opens {@code path} to write at {@code dataEnd}; whatever the file holds after that is zeros. */
    private void openSegment(Path path, Instant started, long dataEnd) throws IOException {
        createIfAbsent(path);
        file = new RandomAccessFile(path.toFile(), "rw");
        channel = file.getChannel();
        allocated = file.length();
        if (dataEnd > allocated) {
            file.close();
            throw new IOException("segment " + path.getFileName() + " is shorter than its data");
        }
        this.dataEnd = dataEnd;
        file.seek(dataEnd);
        segmentStarted = started;
        segmentPath = path;
        segmentKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
    }

    /**
     * What is wrong with the segment file as others see it: gone, another file in its place (an
     * editor's or {@code sed -i}'s rename), or a size this writer did not give it. Empty when it is
     * the file this writer holds.
     */
    Optional<String> segmentProblem() throws IOException {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(segmentPath, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.of("was deleted");
        }
        if (!java.util.Objects.equals(now.fileKey(), segmentKey)) {
            return Optional.of("was replaced by another file");
        }
        if (now.size() != allocated) {
            return Optional.of("was changed in place (" + allocated + " bytes written, " + now.size() + " found)");
        }
        return Optional.empty();
    }

    /**
     * After {@link #segmentProblem}: keeps what this writer wrote (still readable through its open
     * file, whatever happened to the name) in {@code displaced-<segment>-<n>.jsonl}, leaves the file
     * found at the segment's name as it is for {@code audit verify} to judge, and goes on in a new
     * segment whose first record says what happened. No record is ever written to a deleted file.
     */
    void replaceSegment(String problem) throws IOException {
        flush();
        var name = segmentPath.getFileName().toString();
        var kept = dir.resolve("displaced-" + name.replace(".jsonl", "") + "-" + lastSeq + ".jsonl");
        try (var out = FileChannel.open(
                kept,
                java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            // Read through the descriptor, which no interrupt can close, not through the channel.
            var chunk = new byte[64 * 1024];
            file.seek(0);
            long copied = 0;
            while (copied < dataEnd) {
                int n = file.read(chunk, 0, (int) Math.min(chunk.length, dataEnd - copied));
                if (n < 0) {
                    break;
                }
                var buffer = java.nio.ByteBuffer.wrap(chunk, 0, n);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                copied += n;
            }
            out.force(true);
        }
        file.getFD().sync();
        file.close();
        var next = dir.resolve(Segments.name(lastSeq + 1));
        createIfAbsent(next);
        openSegment(next, clock.instant(), 0);
        counters.rotations.incrementAndGet();
        var fields = new LinkedHashMap<String, Object>();
        fields.put("segment", name);
        fields.put("problem", problem);
        fields.put("kept_as", kept.getFileName().toString());
        add(RecordCodec.prepare(new AuditEvent(clock.instant(), "audit.segment_replaced", SYSTEM_PRINCIPAL, fields)));
        sinceCheckpoint++;
        addCheckpoint(Checkpoints.REASON_INTERVAL);
        flush();
        syncFile();
    }

    /**
     * Cuts the zeros after the records and makes the size, and any records not yet fsync'd, durable:
     * a closed segment holds records only, all on disk.
     */
    private void seal() throws IOException {
        boolean cut = allocated > dataEnd;
        if (cut) {
            file.setLength(dataEnd);
            allocated = dataEnd;
        }
        if (cut || hasUnsynced()) {
            syncFile();
        }
    }

    private void createIfAbsent(Path path) throws IOException {
        if (!Files.exists(path)) {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Segments.forceDirectory(dir);
            counters.fsyncs.incrementAndGet();
        }
    }

    private long add(RecordCodec.Prepared event) {
        long seq = lastSeq + 1;
        var encoded = RecordCodec.encode(seq, lastHash, event, sha);
        ensure(encoded.line().length);
        System.arraycopy(encoded.line(), 0, buffer, buffered, encoded.line().length);
        buffered += encoded.line().length;
        bufferedLines++;
        lastSeq = seq;
        lastHash = encoded.hashHex();
        return seq;
    }

    private void addCheckpoint(String reason) {
        var now = clock.instant();
        var signature = signer.sign(Checkpoints.payload(lastSeq, lastHash, now.toString()));
        var encodedSignature = Base64.getEncoder().encodeToString(signature);
        var fields = new LinkedHashMap<String, Object>();
        fields.put("checkpoint_of", lastSeq);
        fields.put("head", lastHash);
        fields.put("key_id", keyId);
        fields.put("reason", reason);
        fields.put("signature", encodedSignature);
        // Durable once every line up to the checkpoint's own is: the lines written, those buffered, and it.
        unwitnessed.add(new Unwitnessed(
                new WitnessedCheckpoint(lastSeq, lastHash, now.toString(), keyId, encodedSignature),
                writtenLines + bufferedLines + 1));
        add(RecordCodec.prepare(new AuditEvent(now, Checkpoints.TYPE, SYSTEM_PRINCIPAL, fields)));
        sinceCheckpoint = 0;
        lastCheckpointAt = now;
        counters.checkpoints.incrementAndGet();
    }

    private void ensure(int more) {
        if (buffered + more > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, buffered + more));
        }
    }

    private void flush() throws IOException {
        if (buffered == 0) {
            return;
        }
        boolean durable = options.acknowledge() == AuditLogOptions.Acknowledge.DURABLE;
        if (!durable && writtenLines - syncedLines + bufferedLines > maxLinesPerCommit(options)) {
            // What a power cut may tear stays within the last maxLinesPerCommit lines, the window in
            // which TailRecovery cuts a torn batch; this thread may be a caller, so not the channel.
            syncFile();
        }
        long end = dataEnd + buffered;
        if (end > allocated && options.preallocateBytes() > 0) {
            preallocate(end);
        }
        file.write(buffer, 0, buffered);
        if (durable) {
            channel.force(false);
            counters.fsyncs.incrementAndGet();
            releaseWitnessed(true);
        } else {
            writtenLines += bufferedLines;
        }
        dataEnd = end;
        allocated = Math.max(allocated, end);
        buffered = 0;
        bufferedLines = 0;
    }

    /**
     * Extends the file with zeros to hold at least {@code needed} bytes, a step past its end (or past
     * {@code needed} for a batch larger than a step), and forces the new size (and any records
     * written before it).
     */
    private void preallocate(long needed) throws IOException {
        long step = options.preallocateBytes();
        long target = allocated + step;
        if (target < needed) {
            target = needed + step;
        }
        // The segment is closed once it reaches its maximum size; zeros past that would only be cut.
        target = Math.min(target, Math.max(needed, options.segmentMaxBytes()));
        file.seek(allocated);
        for (long at = allocated; at < target; ) {
            int n = (int) Math.min(ZEROS.length, target - at);
            file.write(ZEROS, 0, n);
            at += n;
        }
        syncFile();
        allocated = target;
        // Back to where the next batch goes: flush writes at the file pointer.
        file.seek(dataEnd);
    }

    /**
     * Fsyncs data and size through the file descriptor, which an interrupt of this thread cannot
     * close (unlike the channel); everything written so far is then on disk.
     */
    private void syncFile() throws IOException {
        file.getFD().sync();
        counters.fsyncs.incrementAndGet();
        syncedLines = writtenLines;
        releaseWitnessed(false);
    }

    /**
     * Hands the witnesses the checkpoints that are now durable: all of them after a durable group
     * commit, else those whose lines an fsync has covered. A witness never holds a checkpoint that a
     * crash could still take from the log, so it never accuses the log of losing one.
     */
    private void releaseWitnessed(boolean all) {
        while (!unwitnessed.isEmpty() && (all || unwitnessed.peekFirst().lines() <= syncedLines)) {
            witnessed.accept(unwitnessed.removeFirst().checkpoint());
        }
    }
}
