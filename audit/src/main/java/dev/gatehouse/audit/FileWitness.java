package dev.gatehouse.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A witness file: one line per checkpoint, appended and fsync'd. Meant for another mount, a
 * directory the Gatehouse user may append to but an attacker of the home cannot reach, or a file
 * made append-only ({@code chattr +a}).
 */
final class FileWitness implements CheckpointWitness {

    /** A witness file is read whole by verify; one line per checkpoint keeps it far below this. */
    static final long MAX_BYTES = 256L << 20;

    private final Path path;

    FileWitness(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    @Override
    public String where() {
        return path.toString();
    }

    @Override
    public synchronized void witness(WitnessedCheckpoint checkpoint) throws IOException {
        var bytes = (checkpoint.line() + "\n").getBytes(StandardCharsets.UTF_8);
        try (var channel = FileChannel.open(
                path,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            var buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
    }

    static List<WitnessedCheckpoint> read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException("the witness file " + file + " is larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        var out = new ArrayList<WitnessedCheckpoint>();
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.forEach(line -> WitnessedCheckpoint.parse(line).ifPresent(out::add));
        }
        return out;
    }
}
