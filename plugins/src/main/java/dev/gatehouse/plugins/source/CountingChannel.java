package dev.gatehouse.plugins.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/** A read-only channel that counts the bytes read through it, for the compression-ratio rule. */
final class CountingChannel implements SeekableByteChannel {

    private final SeekableByteChannel delegate;
    private long count;

    CountingChannel(SeekableByteChannel delegate) {
        this.delegate = delegate;
    }

    long count() {
        return count;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = delegate.read(dst);
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        throw new IOException("read-only");
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        throw new IOException("read-only");
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
