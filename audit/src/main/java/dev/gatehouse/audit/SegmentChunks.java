package dev.gatehouse.audit;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Splits a segment into chunks that are read and checked independently, each by whichever thread
 * takes it, so that reading the file is spread over the threads too and no thread waits for a whole
 * segment to be read. Chunk {@code k} holds the lines that start in bytes {@code [k·size, (k+1)·size)}
 * of the segment; its last line may run past that. Each chunk finds its own first line from the
 * bytes just before its range, so neighbours agree on the boundary without talking to each other.
 */
final class SegmentChunks {

    /** How far past its range a chunk first reads, at least, for its last line; grown for longer lines. */
    private static final int MIN_SLACK = 4 * 1024;

    /** The largest buffer a chunk reads into. */
    private static final long MAX_READ = Integer.MAX_VALUE - 16;

    private SegmentChunks() {}

    /**
     * A segment as verify sees it: how it ends ({@link SegmentEnd}: whole lines up to {@code
     * end()}, then perhaps an incomplete line, then perhaps padding) when it was planned, and
     * {@code chunks} chunks of {@code chunkBytes} over its whole lines.
     */
    record Plan(Segments.Segment segment, SegmentEnd tail, int chunkBytes, int chunks) {
        /** Where the last complete line ends; chunks cover the lines before it. */
        long end() {
            return tail.lines();
        }
    }

    /** What one checking thread reuses from chunk to chunk. */
    static final class Scratch {
        private final RecordCheck check = new RecordCheck();
        private byte[] buffer = new byte[0];
    }

    /** Looks at how the segment ends; a log being written is read up to where its data ended then. */
    static Plan plan(Segments.Segment segment, int chunkBytes) throws IOException {
        try (var ch = FileChannel.open(segment.path(), StandardOpenOption.READ)) {
            var tail = SegmentEnd.of(ch);
            if (tail.dataAfterPadding()) {
                // Looked at again before it is called damage: a read racing the writer's copy into
                // the page cache can, rarely, see a later byte of a batch before an earlier one.
                tail = SegmentEnd.of(ch);
            }
            long chunks = (tail.lines() + chunkBytes - 1) / chunkBytes;
            if (chunks > Integer.MAX_VALUE) {
                throw new IOException("segment too large to verify: " + tail.size() + " bytes");
            }
            return new Plan(segment, tail, chunkBytes, (int) chunks);
        }
    }

    /** Reads and checks chunk {@code k} of the plan. */
    static ChunkCheck.Result check(Plan plan, int k, String keyId, Scratch scratch) throws IOException {
        long rangeStart = (long) k * plan.chunkBytes();
        long rangeEnd = Math.min(rangeStart + plan.chunkBytes(), plan.end());
        // One byte before the range tells whether a line starts exactly at its first byte.
        long readFrom = k == 0 ? 0 : rangeStart - 1;
        long slack = Math.max(MIN_SLACK, plan.chunkBytes() / 16);
        try (var ch = FileChannel.open(plan.segment().path(), StandardOpenOption.READ)) {
            while (true) {
                long readTo = Math.min(plan.end(), rangeEnd + slack);
                if (readTo - readFrom > MAX_READ) {
                    throw new IOException("a line too long to verify in "
                            + plan.segment().path().getFileName());
                }
                int n = (int) (readTo - readFrom);
                if (scratch.buffer.length < n) {
                    scratch.buffer = new byte[n];
                }
                var buf = scratch.buffer;
                readFully(ch, buf, n, readFrom);
                int to = (int) (rangeEnd - readFrom);
                int from = k == 0 ? 0 : firstLineAfter(buf, to);
                var result = new ChunkCheck(buf, from, to, n, keyId, scratch.check).run();
                if (result.isPresent()) {
                    return result.get();
                }
                if (readTo == plan.end()) {
                    // Every line before end has its newline: the file changed under us.
                    throw new IOException("segment " + plan.segment().path().getFileName() + " changed while verified");
                }
                slack *= 4;
            }
        }
    }

    /** The start of the first line after a newline in {@code buf[0, to)}, or {@code to} if there is none. */
    private static int firstLineAfter(byte[] buf, int to) {
        for (int i = 0; i < to; i++) {
            if (buf[i] == '\n') {
                return i + 1;
            }
        }
        return to;
    }

    private static void readFully(FileChannel ch, byte[] buf, int n, long position) throws IOException {
        var target = ByteBuffer.wrap(buf, 0, n);
        while (target.hasRemaining()) {
            if (ch.read(target, position + target.position()) < 0) {
                throw new EOFException("the segment became shorter while it was verified");
            }
        }
    }
}
