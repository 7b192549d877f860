package dev.gatehouse.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Where a segment's data ends. The writer fills space with zeros ahead of its records (see {@link
 * ChainWriter}), so a segment being written, or one left by a crash, ends in a run of NUL bytes.
 * Records never contain a raw NUL, so that run is padding, not data: the content of a segment is
 * everything up to its last byte that is not NUL. Found by reading backwards from the end, a block at
 * a time; the padding is at most one preallocation step long.
 *
 * @param size the file's size when it was looked at
 * @param content where the content ends: just after the last byte that is not NUL
 * @param lines where the last complete line of the content ends: just after its newline
 * @param nulLed whether the content after {@code lines} starts with a NUL byte: NULs at the start of
 *     a line with data after them, which only tampering or damage leaves (a torn write starts with
 *     a record's {@code {})
 */
record SegmentEnd(long size, long content, long lines, boolean nulLed) {

    private static final int BLOCK = 64 * 1024;

    /** Whether bytes follow the last complete line: a line being written or torn, or data after padding. */
    boolean incomplete() {
        return lines < content;
    }

    /** Whether NUL bytes start a line and data follows them: the padding was written over. */
    boolean dataAfterPadding() {
        return incomplete() && nulLed;
    }

    /** Where the content of {@code bytes} ends: just after its last byte that is not NUL. */
    static int content(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return end;
    }

    /** Looks at the file from its end back to its last complete line. */
    static SegmentEnd of(FileChannel ch) throws IOException {
        long size = ch.size();
        var block = new byte[(int) Math.min(BLOCK, Math.max(1, size))];
        long content = -1;
        // The byte after the one being looked at: the first byte of a line when this one is a newline.
        byte after = 0;
        long to = size;
        while (to > 0) {
            long from = Math.max(0, to - block.length);
            int n = (int) (to - from);
            read(ch, block, n, from);
            for (int i = n - 1; i >= 0; i--) {
                byte b = block[i];
                if (content < 0 && b != 0) {
                    content = from + i + 1;
                }
                if (content >= 0 && b == '\n') {
                    return new SegmentEnd(size, content, from + i + 1, after == 0);
                }
                after = b;
            }
            to = from;
        }
        return content < 0 ? new SegmentEnd(size, 0, 0, false) : new SegmentEnd(size, content, 0, after == 0);
    }

    private static void read(FileChannel ch, byte[] buf, int n, long position) throws IOException {
        var target = ByteBuffer.wrap(buf, 0, n);
        while (target.hasRemaining()) {
            if (ch.read(target, position + target.position()) < 0) {
                // The writer cut the zeros after a segment it closed while we looked: they were padding.
                Arrays.fill(buf, target.position(), n, (byte) 0);
                return;
            }
        }
    }
}
