package dev.gatehouse.custody.audit;

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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where a process that does not hold the audit log (a CLI command while {@code gatehouse serve}
 * runs) puts its events: one fsync'd JSON line per event in a spool file of its own. The process
 * that holds the log chains them in ({@link #drainInto}), so the chain keeps one writer and no
 * event is lost. A crash between chaining a spool file and deleting it chains its events twice;
 * never zero times.
 */
public final class AuditInbox implements AuditSink {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path dir;
    private final Path file;

    public AuditInbox(Path auditDir) {
        this.dir = auditDir.resolve("inbox");
        this.file = dir.resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID() + ".jsonl");
    }

    @Override
    public synchronized void record(AuditEvent event) {
        var line = new LinkedHashMap<String, Object>();
        line.put("time", event.time().toString());
        line.put("type", event.type());
        line.put("principal", event.principal());
        line.put("fields", event.fields());
        try {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            // Created owner-only, never readable by others even for a moment.
            try (var ch = FileChannel.open(
                    file,
                    java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                // Held while writing so a drain never reads a half-written line, nor deletes an unread one.
                var lock = ch.lock();
                try {
                    ch.write(ByteBuffer.wrap((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8)));
                    ch.force(false);
                } finally {
                    lock.release();
                }
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool an audit event to " + file, e);
        }
    }

    /** Chains every spooled event into the log, oldest file first, and removes what was chained. */
    public static int drainInto(Path auditDir, AuditSink log) {
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
                    log.record(parse(line));
                    chained++;
                }
                Files.delete(claimed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot drain the audit inbox " + inbox, e);
        }
        return chained;
    }

    @SuppressWarnings("unchecked")
    private static AuditEvent parse(String line) throws IOException {
        var node = JSON.readValue(line, Map.class);
        Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) node.getOrDefault("fields", Map.of()));
        fields.put("spooled", true);
        return new AuditEvent(
                Instant.parse(String.valueOf(node.get("time"))),
                String.valueOf(node.get("type")),
                String.valueOf(node.get("principal")),
                fields);
    }
}
