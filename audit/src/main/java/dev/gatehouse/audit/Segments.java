package dev.gatehouse.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.regex.Pattern;

/**
 * Segment files are named after the sequence number of their first record, zero-padded so that
 * name order is chain order: {@code audit-00000000000000000001.jsonl}.
 */
final class Segments {

    private static final Pattern NAME = Pattern.compile("audit-(\\d{20})\\.jsonl");

    private Segments() {}

    record Segment(Path path, long firstSeq) {}

    static String name(long firstSeq) {
        return "audit-%020d.jsonl".formatted(firstSeq);
    }

    static List<Segment> list(Path dir) throws IOException {
        var found = new ArrayList<Segment>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (var files = Files.list(dir)) {
            files.forEach(f -> {
                var m = NAME.matcher(f.getFileName().toString());
                if (m.matches() && Files.isRegularFile(f)) {
                    found.add(new Segment(f, Long.parseLong(m.group(1))));
                }
            });
        }
        found.sort(Comparator.comparingLong(Segment::firstSeq));
        return found;
    }

    /**
     * Makes a created or renamed file's directory entry durable, whatever happens to the calling
     * thread's interrupt status meanwhile; that status is left as it was.
     */
    static void forceDirectory(Path dir) throws IOException {
        // A directory can only be fsync'd through a channel, and an interrupt of the thread in
        // force() closes the channel and fails the sync. With audit.acknowledge: written the
        // calling thread may be a caller's, which anyone may interrupt at any moment, as often as
        // they like; a retry could lose every time. So the sync runs on a thread of its own that
        // nothing else can reach, and the caller waits for it without giving way to interrupts.
        var sync = new FutureTask<Void>(() -> {
            try (var ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            }
            return null;
        });
        Thread.ofVirtual().name("gatehouse-audit-dirsync").start(sync);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    sync.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException("could not sync the audit directory", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Calls {@code line} for every newline-terminated line in {@code [from, to)}; returns where the last one ended. */
    static int forEachLine(byte[] buf, int from, int to, LineVisitor line) {
        int start = from;
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                line.visit(start, i - start);
                start = i + 1;
            }
        }
        return start;
    }

    @FunctionalInterface
    interface LineVisitor {
        void visit(int offset, int length);
    }
}
