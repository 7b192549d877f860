package dev.gatehouse.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads records back in order, for {@code audit tail}, {@code query} and {@code export}. Lines that
 * are not records (damage) are skipped and counted; a partial line being written and the NUL padding
 * after a segment's data are not lines yet and are left for the next call; {@link AuditVerifier} is
 * what judges them.
 */
public final class AuditReader {

    private final Path dir;
    private long segmentFirstSeq = -1;
    private long offset;
    private long skipped;

    private AuditReader(Path dir) {
        this.dir = dir;
    }

    /** A reader positioned at the start of the log. */
    public static AuditReader fromStart(Path dir) {
        return new AuditReader(dir.toAbsolutePath().normalize());
    }

    /** Every record, in order. */
    public static void forEach(Path dir, Consumer<AuditEntry> consumer) {
        fromStart(dir).next(consumer);
    }

    /** The last {@code n} records. */
    public static List<AuditEntry> last(Path dir, int n) {
        var window = new ArrayDeque<AuditEntry>(Math.max(1, Math.min(n, 10_000)));
        forEach(dir, e -> {
            if (n > 0) {
                if (window.size() == n) {
                    window.removeFirst();
                }
                window.addLast(e);
            }
        });
        return List.copyOf(window);
    }

    /** Lines skipped so far because they were not complete records. */
    public long skipped() {
        return skipped;
    }

    /**
     * Reads every complete record after the position of the previous call (all of them the first
     * time), following rotations into newer segments.
     */
    public void next(Consumer<AuditEntry> consumer) {
        try {
            for (var segment : Segments.list(dir)) {
                if (segment.firstSeq() < segmentFirstSeq) {
                    continue;
                }
                if (segment.firstSeq() > segmentFirstSeq) {
                    segmentFirstSeq = segment.firstSeq();
                    offset = 0;
                }
                offset += read(segment.path(), offset, consumer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads complete lines from {@code from} up to where the segment's content ends; returns the bytes
     * consumed. The NUL bytes after the content are padding the writer filled ahead of its records.
     */
    private long read(Path file, long from, Consumer<AuditEntry> consumer) throws IOException {
        long consumed = 0;
        try (var ch = FileChannel.open(file, StandardOpenOption.READ)) {
            // Found before reading forwards: everything before the last byte the writer had written
            // when we looked is written too, while a forward read could overtake it and see zeros
            // where a batch is still being copied in.
            long content = SegmentEnd.of(ch).content();
            if (content <= from) {
                // Nothing new: a tail -f poll of a quiet log allocates no read buffer.
                return 0;
            }
            var buf = ByteBuffer.allocate((int) Math.min(1 << 20, content - from));
            var carry = new byte[0];
            long position = from;
            while (true) {
                buf.clear().limit((int) Math.min(buf.capacity(), Math.max(0, content - position)));
                int n = buf.hasRemaining() ? ch.read(buf, position) : 0;
                if (n <= 0) {
                    return consumed;
                }
                position += n;
                var bytes = new byte[carry.length + n];
                System.arraycopy(carry, 0, bytes, 0, carry.length);
                System.arraycopy(buf.array(), 0, bytes, carry.length, n);
                int end = Segments.forEachLine(bytes, 0, bytes.length, (off, len) -> emit(bytes, off, len, consumer));
                consumed += end;
                carry = java.util.Arrays.copyOfRange(bytes, end, bytes.length);
            }
        }
    }

    private void emit(byte[] bytes, int off, int len, Consumer<AuditEntry> consumer) {
        try {
            consumer.accept(
                    entry(RecordCodec.tree(bytes, off, len), new String(bytes, off, len, StandardCharsets.UTF_8)));
        } catch (RecordCodec.MalformedRecord | IllegalArgumentException | DateTimeParseException e) {
            skipped++;
        }
    }

    private static AuditEntry entry(JsonNode node, String line) {
        if (!node.path("seq").canConvertToLong() || !node.path("fields").isObject()) {
            throw new IllegalArgumentException("not a record");
        }
        var fields = new LinkedHashMap<String, Object>();
        node.path("fields").properties().forEach(e -> fields.put(e.getKey(), value(e.getValue())));
        return new AuditEntry(
                node.path("seq").asLong(),
                Instant.parse(node.path("time").asText()),
                node.path("type").asText(),
                node.path("principal").asText(),
                fields,
                line);
    }

    private static Object value(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.asLong();
        } else if (v.isNumber()) {
            return v.asDouble();
        } else if (v.isBoolean()) {
            return v.asBoolean();
        } else if (v.isArray()) {
            var list = new ArrayList<String>();
            v.forEach(item -> list.add(item.asText()));
            return List.copyOf(list);
        }
        return v.asText();
    }
}
