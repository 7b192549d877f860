package dev.gatehouse.audit;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Somewhere outside the home that keeps a copy of every signed checkpoint once it is on disk, so
 * that someone who can change files in the home cannot cut the log back, roll it back, wipe it
 * or re-sign it without the copies disagreeing (see {@link WitnessCheck}).
 */
public interface CheckpointWitness {

    /** Where the copies go, for messages (a path or a URL without credentials). */
    String where();

    /** Keeps one checkpoint; a witness that cannot throws, and the log says so but goes on. */
    void witness(WitnessedCheckpoint checkpoint) throws IOException;

    /** An append-only JSON-lines file, created owner-only, each line fsync'd. */
    static CheckpointWitness file(Path path) {
        return new FileWitness(path);
    }

    /** An HTTP endpoint that receives each checkpoint as a JSON POST. */
    static CheckpointWitness http(URI url) {
        return new HttpWitness(url);
    }

    /** Copies that a witness of the {@link #file} kind holds, in the order written. */
    static List<WitnessedCheckpoint> read(Path file) throws IOException {
        return FileWitness.read(file);
    }
}
