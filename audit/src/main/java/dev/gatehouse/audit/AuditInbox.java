package dev.gatehouse.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where a process that does not hold the audit log (a CLI command while {@code gatehouse serve}
 * runs) puts its events: each in a spool file of its own, written and fsync'd under a temporary
 * name and then renamed into place, so a spool file is whole from the moment it can be seen and is
 * never written again. The process that holds the log chains them in ({@link #drainInto}), so the
 * chain keeps one writer and no event is lost: a writer never appends to a file the holder may
 * have claimed. A crash between chaining a spool file and deleting it chains its events twice;
 * never zero times.
 */
public final class AuditInbox implements AuditSink {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path dir;
    private final String prefix;
    private long sequence;

    public AuditInbox(Path auditDir) {
        this.dir = auditDir.resolve("inbox");
        this.prefix = ProcessHandle.current().pid() + "-" + UUID.randomUUID();
    }

    @Override
    public synchronized void record(AuditEvent event) {
        var line = new LinkedHashMap<String, Object>();
        line.put("time", event.time().toString());
        line.put("type", event.type());
        line.put("principal", event.principal());
        line.put("fields", event.fields());
        // Zero-padded, so one writer's files sort in the order it wrote them.
        var name = prefix + "-" + String.format(java.util.Locale.ROOT, "%012d", ++sequence);
        var temporary = dir.resolve(name + ".tmp");
        var file = dir.resolve(name + ".jsonl");
        try {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            // Created owner-only, never readable by others even for a moment; a umask can only narrow it.
            try (var ch = FileChannel.open(
                    temporary,
                    java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                ch.write(ByteBuffer.wrap((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8)));
                ch.force(false);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool an audit event to " + dir, e);
        }
    }

    /** A spool file larger than this is not read; it is set aside and its refusal recorded. */
    static final long MAX_SPOOL_BYTES = 64L << 20;

    /** A spooled line longer than this is not an event any command writes. */
    static final int MAX_LINE_CHARS = 1 << 20;

    /**
     * Chains every spooled event into the log, oldest file first, and removes what was chained. A
     * spooled event is chained as such: at the time it was received ({@code clock}), marked {@code
     * spooled}, with the time it claims and the spool file beside it. Whoever can write the inbox
     * can claim any principal and any time; the record says the claim came through the inbox, and
     * when the log got it. A line that is not an event is recorded as {@code audit.inbox_malformed}
     * (its size and SHA-256 only) and does not stop the rest.
     */
    public static int drainInto(Path auditDir, AuditSink log, java.time.Clock clock) {
        var inbox = auditDir.resolve("inbox");
        if (!Files.isDirectory(inbox)) {
            return 0;
        }
        int chained = 0;
        try (Stream<Path> files = Files.list(inbox)) {
            var spools = files.filter(
                            f -> f.toString().endsWith(".jsonl") || f.toString().endsWith(".draining"))
                    .sorted()
                    .toList();
            for (var spool : spools) {
                // Claim the file first so a writer still appending to it starts a new one; a claimed
                // file left by a crash is drained again (its events may then be chained twice).
                var claimed = spool.toString().endsWith(".draining")
                        ? spool
                        : spool.resolveSibling(spool.getFileName() + ".draining");
                if (!claimed.equals(spool)) {
                    Files.move(spool, claimed, StandardCopyOption.ATOMIC_MOVE);
                }
                if (Files.size(claimed) > MAX_SPOOL_BYTES) {
                    var aside = claimed.resolveSibling(claimed.getFileName() + ".refused");
                    Files.move(claimed, aside, StandardCopyOption.ATOMIC_MOVE);
                    log.record(new AuditEvent(
                            clock.instant(),
                            "audit.inbox_refused",
                            SYSTEM,
                            Map.of("spool", aside.getFileName().toString(), "bytes", Files.size(aside))));
                    continue;
                }
                java.util.List<String> lines;
                try (var ch = FileChannel.open(claimed, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    var lock = ch.lock();
                    try {
                        lines = Files.readAllLines(claimed, StandardCharsets.UTF_8);
                    } finally {
                        lock.release();
                    }
                }
                for (var line : lines) {
                    if (line.isBlank()) {
                        continue;
                    }
                    log.record(parse(line, claimed.getFileName().toString(), clock));
                    chained++;
                }
                Files.delete(claimed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot drain the audit inbox " + inbox, e);
        }
        return chained;
    }

    static final String SYSTEM = "system:audit";

    /** The spooled event as received now, or the record of a line that is not one. */
    @SuppressWarnings("unchecked")
    static AuditEvent parse(String line, String spool, java.time.Clock clock) {
        var received = clock.instant();
        try {
            if (line.length() <= MAX_LINE_CHARS) {
                var node = JSON.readValue(line, Map.class);
                var type = node.get("type");
                var principal = node.get("principal");
                var claimed = node.get("time");
                var rawFields = node.getOrDefault("fields", Map.of());
                if (type instanceof String t
                        && TYPE.matcher(t).matches()
                        && principal instanceof String p
                        && p.length() <= 256
                        && claimed instanceof String c
                        && c.length() <= 64
                        && rawFields instanceof Map<?, ?> f) {
                    Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) f);
                    fields.put("spooled", true);
                    fields.put("claimed_time", c);
                    fields.put("spool", spool);
                    return new AuditEvent(received, t, p, fields);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not an event: recorded below by its size and digest.
        }
        var digest =
                java.util.HexFormat.of().formatHex(RecordCodec.sha256().digest(line.getBytes(StandardCharsets.UTF_8)));
        return new AuditEvent(
                received,
                "audit.inbox_malformed",
                SYSTEM,
                Map.of("spool", spool, "chars", line.length(), "sha256", digest));
    }

    private static final java.util.regex.Pattern TYPE = java.util.regex.Pattern.compile("[a-z][a-z0-9_.]{0,63}");
}
