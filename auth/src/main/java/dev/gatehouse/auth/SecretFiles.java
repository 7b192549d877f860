package dev.gatehouse.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;

/** Reads secrets the operator keeps in files: owner-only, bounded, never echoed. */
final class SecretFiles {

    static final int MAX_BYTES = 4096;

    private static final EnumSet<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private SecretFiles() {}

    /**
     * The file's bytes without trailing white space (editors add a newline).
     *
     * @throws AuthSetupException when the file is missing, not a regular file, readable by group or
     *     others (mode must be 0600 or 0400), empty or larger than {@link #MAX_BYTES}
     */
    static byte[] readOwnerOnly(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new AuthSetupException(file, "must be a regular file (not a link or directory)");
            }
            var permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (permissions.stream().anyMatch(GROUP_OR_OTHER::contains)) {
                throw new AuthSetupException(file, "holds a secret but is open to group or others; chmod 600 it");
            }
            byte[] bytes;
            try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                throw new AuthSetupException(file, "is larger than " + MAX_BYTES + " bytes");
            }
            int end = bytes.length;
            while (end > 0 && Character.isWhitespace(bytes[end - 1])) {
                end--;
            }
            if (end == 0) {
                throw new AuthSetupException(file, "is empty");
            }
            var secret = Arrays.copyOf(bytes, end);
            Arrays.fill(bytes, (byte) 0);
            return secret;
        } catch (IOException | UnsupportedOperationException e) {
            throw new AuthSetupException(file, "cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
