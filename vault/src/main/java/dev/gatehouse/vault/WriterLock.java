package dev.gatehouse.vault;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises read-modify-write cycles on one vault: an in-JVM lock (file locks are held per process,
 * so two threads would otherwise both "hold" one) and an exclusive lock on a separate lock file (the
 * vault file itself is replaced by rename, so a lock on it would guard a file that is gone).
 */
final class WriterLock {

    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path lockFile;
    private final ReentrantLock inProcess;

    WriterLock(Path lockFile) {
        this.lockFile = lockFile.toAbsolutePath().normalize();
        this.inProcess = IN_PROCESS.computeIfAbsent(this.lockFile, f -> new ReentrantLock());
    }

    /** What runs while both locks are held. */
    @FunctionalInterface
    interface Body<T> {
        T run() throws IOException;
    }

    <T> T holding(Body<T> body) throws IOException {
        inProcess.lock();
        try (FileChannel ch = PrivateFiles.openLockFile(lockFile)) {
            FileLock lock = ch.lock();
            try {
                return body.run();
            } finally {
                lock.release();
            }
        } finally {
            inProcess.unlock();
        }
    }
}
