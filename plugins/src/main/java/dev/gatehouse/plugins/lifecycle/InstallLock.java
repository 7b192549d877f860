package dev.gatehouse.plugins.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises every change to the installed plugins, across threads and across processes: two
 * {@code gatehouse plugins install} runs at once must not both claim the same name.
 */
final class InstallLock {

    // A file lock is held by the whole JVM, so threads of one JVM first queue on this.
    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path lockFile;

    InstallLock(Path pluginsDir) {
        this.lockFile = pluginsDir.toAbsolutePath().normalize().resolve(".lock");
    }

    Held acquire() {
        var local = IN_PROCESS.computeIfAbsent(lockFile, f -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(lockFile.getParent());
            var channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new Held(local, channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            local.unlock();
            throw new UncheckedIOException("cannot lock " + lockFile, e);
        } catch (RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    record Held(ReentrantLock local, FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                local.unlock();
            }
        }
    }
}
