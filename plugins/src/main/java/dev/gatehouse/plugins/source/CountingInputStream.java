package dev.gatehouse.plugins.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Counts the bytes read through it and reports the running total after every read. */
final class CountingInputStream extends FilterInputStream {

    private final LongConsumer onRead;
    private long count;

    CountingInputStream(InputStream in, LongConsumer onRead) {
        super(in);
        this.onRead = onRead;
    }

    CountingInputStream(InputStream in) {
        this(in, total -> {});
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes were still decompressed; read them so they are counted.
        var buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void advance(int n) {
        count += n;
        onRead.accept(count);
    }
}
