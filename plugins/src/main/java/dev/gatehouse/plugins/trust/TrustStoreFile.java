package dev.gatehouse.plugins.trust;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gatehouse.api.trust.TrustLevel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON file behind a {@link TrustStore}. Writes are atomic (temp file, fsync, rename, fsync of
 * the directory) so a crash leaves the old store or the new one, never half of either. Reads are
 * strict: anything unexpected is a corrupt store, because an empty trust store read from a damaged
 * file would quietly turn every verified plugin into an unverifiable one.
 */
final class TrustStoreFile {

    static final String FILE_NAME = "trusted-publishers.json";
    private static final int FORMAT_VERSION = 1;
    private static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    /** The file as JSON sees it; every field is checked again when turned into a {@link PublisherKey}. */
    record Document(int version, List<Entry> keys) {}

    record Entry(String publisher, String level, String fingerprint, String key, String added) {}

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final Path dir;
    private final Path file;

    TrustStoreFile(Path dir) {
        this.dir = dir;
        this.file = dir.resolve(FILE_NAME);
    }

    Path path() {
        return file;
    }

    List<PublisherKey> read() {
        byte[] bytes;
        try {
            var mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw failure(
                        TrustStoreException.Reason.INSECURE_STORE,
                        "trust store " + file + " is writable by others; make it 0600",
                        null);
            }
            bytes = readBounded();
        } catch (NoSuchFileException e) {
            // No store yet is the normal state of a fresh installation: nobody is trusted.
            return List.of();
        } catch (IOException e) {
            throw ioFailure("cannot read trust store " + file, e);
        }
        return parse(bytes);
    }

    private byte[] readBounded() throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            var bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw failure(
                        TrustStoreException.Reason.CORRUPT_STORE,
                        "trust store " + file + " is larger than " + MAX_BYTES + " bytes",
                        null);
            }
            return bytes;
        }
    }

    private List<PublisherKey> parse(byte[] bytes) {
        Document document;
        try {
            document = JSON.readValue(bytes, Document.class);
        } catch (IOException e) {
            throw corrupt("is not valid trust store JSON (" + jsonProblem(e) + ")", e);
        }
        if (document == null || document.version() != FORMAT_VERSION || document.keys() == null) {
            throw corrupt("has no version " + FORMAT_VERSION + " key list", null);
        }
        var keys = new ArrayList<PublisherKey>();
        var fingerprints = new HashSet<String>();
        for (int i = 0; i < document.keys().size(); i++) {
            var key = toKey(document.keys().get(i), i);
            if (!fingerprints.add(key.fingerprint())) {
                throw corrupt("lists key " + key.fingerprint() + " more than once", null);
            }
            keys.add(key);
        }
        return List.copyOf(keys);
    }

    private PublisherKey toKey(Entry entry, int index) {
        if (entry == null) {
            throw corrupt("has an empty entry at index " + index, null);
        }
        try {
            var level = TrustLevel.fromWord(String.valueOf(entry.level()))
                    .orElseThrow(() -> new IllegalArgumentException("unknown level"));
            var key = Ed25519Keys.fromSshBlob(sshLineBlob(entry.key()));
            return new PublisherKey(
                    String.valueOf(entry.publisher()),
                    level,
                    String.valueOf(entry.fingerprint()),
                    key,
                    Instant.parse(String.valueOf(entry.added())));
        } catch (MalformedException | IllegalArgumentException | DateTimeParseException e) {
            throw corrupt("has an invalid entry at index " + index + ": " + e.getMessage(), e);
        }
    }

    private static byte[] sshLineBlob(String line) throws MalformedException {
        var prefix = Ed25519Keys.SSH_TYPE + " ";
        if (line == null || !line.startsWith(prefix)) {
            throw new MalformedException("key is not an ssh-ed25519 line");
        }
        try {
            return Base64.getDecoder().decode(line.substring(prefix.length()));
        } catch (IllegalArgumentException e) {
            throw new MalformedException("key is not valid base64", e);
        }
    }

    void write(List<PublisherKey> keys) {
        var entries = keys.stream()
                .map(k -> new Entry(
                        k.publisher(),
                        k.level().word(),
                        k.fingerprint(),
                        Ed25519Keys.sshLine(k.key()),
                        k.added().toString()))
                .toList();
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(new Document(FORMAT_VERSION, entries));
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot serialise the trust store", e);
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            replaceAtomically(bytes);
        } catch (IOException e) {
            throw ioFailure("cannot write trust store " + file, e);
        }
    }

    private void replaceAtomically(byte[] bytes) throws IOException {
        var temp = Files.createTempFile(dir, ".trust-", ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE));
        try {
            try (var channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                var buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        // The rename is durable only once the directory entry is on disk.
        try (var directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    private static String jsonProblem(IOException e) {
        // Jackson's own message may quote file content; its type and location are enough to find the problem.
        if (e instanceof JacksonException jackson && jackson.getLocation() != null) {
            return e.getClass().getSimpleName() + " at line "
                    + jackson.getLocation().getLineNr();
        }
        return e.getClass().getSimpleName();
    }

    private TrustStoreException corrupt(String problem, Throwable cause) {
        return failure(TrustStoreException.Reason.CORRUPT_STORE, "trust store " + file + " " + problem, cause);
    }

    private TrustStoreException ioFailure(String message, IOException e) {
        var reason = TrustStoreException.Reason.IO_FAILURE;
        var detail = e instanceof AccessDeniedException
                ? "permission denied"
                : e.getClass().getSimpleName();
        return failure(reason, message + ": " + detail, e);
    }

    private TrustStoreException failure(TrustStoreException.Reason reason, String message, Throwable cause) {
        return new TrustStoreException(reason, message, Optional.empty(), Optional.of(file), cause);
    }
}
