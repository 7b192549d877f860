package dev.gatehouse.custody.audit;

import dev.gatehouse.api.audit.AuditEvent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Finds where the chain ends when the log is opened, and repairs what a crash can leave behind: a
 * partial last line, or trailing lines whose hash does not match their body. What it cuts is kept
 * in a {@code torn-*.bin} file beside the segments and announced by an {@code audit.recovered}
 * record, never dropped silently. Damage followed by intact records is not a torn tail and is left
 * for {@code audit verify} to report.
 */
final class TailRecovery {

    static final String RECOVERED = "audit.recovered";

    private TailRecovery() {}

    /**
     * Where appending resumes.
     *
     * @param notes {@code audit.recovered} events to append before anything else
     */
    record Head(
            Path segment,
            Instant segmentStarted,
            long lastSeq,
            String lastHash,
            boolean endsWithCheckpoint,
            List<AuditEvent> notes) {}

    /**
     * A line of a segment, parsed (and its hash checked) only when asked: recovery looks at the
     * last few lines of a segment, not at every record in it.
     */
    private record Line(byte[] bytes, int offset, int length, RecordCheck check) {
        Optional<RecordCodec.Parsed> parsed() {
            try {
                return Optional.of(RecordCodec.parse(bytes, offset, length, check));
            } catch (RecordCodec.MalformedRecord e) {
                return Optional.empty();
            }
        }

        boolean intact() {
            return parsed().filter(RecordCodec.Parsed::hashMatches).isPresent();
        }
    }

    static Head recover(Path dir, Clock clock) throws IOException {
        var segments = Segments.list(dir);
        var now = clock.instant();
        if (segments.isEmpty()) {
            return new Head(dir.resolve(Segments.name(1)), now, 0, RecordCodec.GENESIS, true, List.of());
        }
        var notes = new ArrayList<AuditEvent>();
        var last = segments.getLast();
        var bytes = Files.readAllBytes(last.path());
        var lines = lines(bytes);
        int keep = lines.size();
        while (keep > 0 && !lines.get(keep - 1).intact()) {
            keep--;
        }
        int keepBytes = keep == 0
                ? 0
                : lines.get(keep - 1).offset() + lines.get(keep - 1).length() + 1;
        Optional<RecordCodec.Parsed> head =
                keep == 0 ? Optional.empty() : lines.get(keep - 1).parsed();
        if (keepBytes < bytes.length) {
            int completeCut = lines.size() - keep;
            boolean partial = lines.isEmpty()
                    || lines.getLast().offset() + lines.getLast().length() + 1 < bytes.length;
            var saved = cut(dir, last, bytes, keepBytes);
            var fields = new LinkedHashMap<String, Object>();
            fields.put("reason", "torn_tail");
            fields.put("segment", last.path().getFileName().toString());
            fields.put("cut_bytes", (long) (bytes.length - keepBytes));
            fields.put("cut_complete_lines", (long) completeCut);
            fields.put("partial_line", partial);
            fields.put("kept_through_seq", head.map(RecordCodec.Parsed::seq).orElse(last.firstSeq() - 1));
            fields.put("saved_as", saved.getFileName().toString());
            notes.add(new AuditEvent(now, RECOVERED, ChainWriter.SYSTEM_PRINCIPAL, fields));
        }
        if (head.isPresent()) {
            var h = head.get();
            var started = created(last.path(), now);
            boolean rotated = Checkpoints.TYPE.equals(h.type()) && isRotation(bytes, lines.get(keep - 1));
            if (rotated) {
                // The segment was closed for rotation but its successor is gone (a crash right after
                // rotating, or a deleted file): say so in the record that starts the new one.
                var fields = new LinkedHashMap<String, Object>();
                fields.put("reason", "segment_missing_after_rotation");
                fields.put("after_seq", h.seq());
                notes.add(new AuditEvent(now, RECOVERED, ChainWriter.SYSTEM_PRINCIPAL, fields));
                return new Head(dir.resolve(Segments.name(h.seq() + 1)), now, h.seq(), h.hashHex(), true, notes);
            }
            return new Head(last.path(), started, h.seq(), h.hashHex(), Checkpoints.TYPE.equals(h.type()), notes);
        }
        // The last segment is empty (or was cut to nothing): the chain ends in the one before it.
        if (segments.size() == 1) {
            return new Head(last.path(), now, last.firstSeq() - 1, RecordCodec.GENESIS, true, notes);
        }
        var previous = segments.get(segments.size() - 2);
        var prevBytes = Files.readAllBytes(previous.path());
        var prevLines = lines(prevBytes);
        var prevHead = prevLines.isEmpty()
                ? Optional.<RecordCodec.Parsed>empty()
                : prevLines.getLast().parsed();
        if (prevHead.isEmpty()) {
            throw new AuditLogException(
                    AuditLogException.Problem.IO,
                    "the audit log is damaged before its last segment; run 'gatehouse audit verify'",
                    previous.path());
        }
        var p = prevHead.get();
        boolean rotated = Checkpoints.TYPE.equals(p.type()) && isRotation(prevBytes, prevLines.getLast());
        if (!rotated) {
            // The successor was created but the rotation checkpoint never written: the empty file
            // is a leftover of an interrupted rotation; appending resumes in the segment before it.
            Files.delete(last.path());
            Segments.forceDirectory(dir);
            var fields = new LinkedHashMap<String, Object>();
            fields.put("reason", "rotation_interrupted");
            fields.put("removed_empty_segment", last.path().getFileName().toString());
            notes.add(new AuditEvent(now, RECOVERED, ChainWriter.SYSTEM_PRINCIPAL, fields));
            return new Head(
                    previous.path(),
                    created(previous.path(), now),
                    p.seq(),
                    p.hashHex(),
                    Checkpoints.TYPE.equals(p.type()),
                    notes);
        }
        var segment = last.firstSeq() == p.seq() + 1 ? last.path() : dir.resolve(Segments.name(p.seq() + 1));
        return new Head(segment, now, p.seq(), p.hashHex(), true, notes);
    }

    private static List<Line> lines(byte[] bytes) {
        var lines = new ArrayList<Line>();
        var check = new RecordCheck();
        Segments.forEachLine(bytes, 0, bytes.length, (off, len) -> lines.add(new Line(bytes, off, len, check)));
        return lines;
    }

    private static Path cut(Path dir, Segments.Segment segment, byte[] bytes, int keepBytes) throws IOException {
        var saved = dir.resolve("torn-%020d-%d.bin".formatted(segment.firstSeq(), keepBytes));
        Files.deleteIfExists(saved);
        Files.createFile(saved, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (var out = FileChannel.open(saved, StandardOpenOption.WRITE)) {
            var buf = java.nio.ByteBuffer.wrap(bytes, keepBytes, bytes.length - keepBytes);
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            out.force(true);
        }
        try (var ch = FileChannel.open(segment.path(), StandardOpenOption.WRITE)) {
            ch.truncate(keepBytes);
            ch.force(true);
        }
        Segments.forceDirectory(dir);
        return saved;
    }

    private static boolean isRotation(byte[] bytes, Line line) {
        try {
            var reason = RecordCodec.tree(bytes, line.offset(), line.length())
                    .path("fields")
                    .path("reason")
                    .asText();
            return Checkpoints.REASON_ROTATION.equals(reason);
        } catch (RecordCodec.MalformedRecord e) {
            return false;
        }
    }

    /** When the segment was started, for rotation by age: the file's birth time where the file system keeps one. */
    private static Instant created(Path file, Instant now) throws IOException {
        var created = Files.readAttributes(file, BasicFileAttributes.class)
                .creationTime()
                .toInstant();
        return created.isAfter(now) ? now : created;
    }
}
