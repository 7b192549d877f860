package dev.gatehouse.custody;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends each event as one JSON line and forces it to disk before returning, so an acknowledged
 * event survives a crash. Several processes may append at once: each line is written under an
 * exclusive file lock. (The hash-chained, signed log replaces this sink in a later stage.)
 */
public final class JsonLinesAuditSink implements AuditSink {

    /** File locks are held per JVM, not per thread: writers in one JVM queue here first. */
    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantLock inProcess;
    private final ObjectMapper json = new ObjectMapper();

    public JsonLinesAuditSink(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.inProcess = IN_PROCESS.computeIfAbsent(this.file, f -> new ReentrantLock());
    }

    @Override
    public void record(AuditEvent event) {
        var line = render(event);
        inProcess.lock();
        try {
            Files.createDirectories(
                    file.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            try (var ch = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                var lock = ch.lock();
                try {
                    var buf = ByteBuffer.wrap(line);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(false);
                } finally {
                    lock.release();
                }
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the audit log " + file, e);
        } finally {
            inProcess.unlock();
        }
    }

    private byte[] render(AuditEvent event) {
        var out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", event.time().toString());
            g.writeStringField("type", event.type());
            g.writeStringField("principal", event.principal());
            g.writeObjectField("fields", event.fields());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
