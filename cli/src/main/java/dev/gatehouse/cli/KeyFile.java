package dev.gatehouse.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Reads an API key from a file, never from argv (where every user on the machine could see it).
 * The file must be a regular file that only its owner can read.
 */
final class KeyFile {

    private static final Set<PosixFilePermission> TOO_OPEN = Set.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE);

    private KeyFile() {}

    static String read(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new CliFailure(2, "the key file " + file + " is not a regular file");
            }
            var perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(TOO_OPEN::contains)) {
                throw new CliFailure(2, "the key file " + file + " is readable by others; chmod 600 it");
            }
            if (Files.size(file) > 4096) {
                throw new CliFailure(2, "the key file " + file + " is too large to hold one key");
            }
            var key = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (key.isEmpty() || key.contains("\n")) {
                throw new CliFailure(2, "the key file " + file + " must hold exactly one key");
            }
            return key;
        } catch (IOException e) {
            throw new CliFailure(
                    2, "cannot read the key file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The key from --key-file, else from GATEHOUSE_API_KEY. */
    static String resolve(Path file, Environment env) {
        if (file != null) {
            return read(file);
        }
        var fromEnv = env.apiKeyFromEnv();
        if (fromEnv.isEmpty()) {
            throw new CliFailure(2, "no API key: pass --key-file FILE (mode 600) or set GATEHOUSE_API_KEY");
        }
        return fromEnv.get();
    }
}
