package dev.gatehouse.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The header watch on plain files the test writes, byte by byte, as another process would. */
class WalIndexWatchTest {

    @TempDir
    Path tmp;

    @Test
    void aMissingFileIsNoWatch() {
        assertThat(WalIndexWatch.open(tmp.resolve("absent-shm"))).isEmpty();
    }

    @Test
    void aFileTooShortForAHeaderIsNoWatch() throws IOException {
        var shm = Files.write(tmp.resolve("short-shm"), new byte[WalIndexWatch.HEADER_BYTES - 1]);
        assertThat(WalIndexWatch.open(shm)).isEmpty();
    }

    @Test
    void theFirstReadingCountsAsMovedThenOnlyAChangeDoes() throws IOException {
        var shm = Files.write(tmp.resolve("db-shm"), new byte[32 * 1024]);
        try (var watch = WalIndexWatch.open(shm).orElseThrow()) {
            assertThat(watch.moved()).as("first reading").isTrue();
            assertThat(watch.moved()).isFalse();
            // Every byte of the header counts, the last one included.
            for (int at : new int[] {0, 8, 16, WalIndexWatch.HEADER_BYTES - 1}) {
                write(shm, at, (byte) (at + 1));
                assertThat(watch.moved()).as("byte %d changed", at).isTrue();
                assertThat(watch.moved()).isFalse();
            }
            // Beyond the header (the second copy, read marks) is not watched.
            write(shm, WalIndexWatch.HEADER_BYTES, (byte) 7);
            assertThat(watch.moved()).isFalse();
        }
    }

    private static void write(Path file, int at, byte value) throws IOException {
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {value}), at);
        }
    }
}
