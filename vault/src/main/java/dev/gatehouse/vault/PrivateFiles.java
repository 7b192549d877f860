package dev.gatehouse.vault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/** Owner-only files replaced atomically: a reader sees the old file or the new one, never half of one. */
final class PrivateFiles {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {}

    static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Creates the directory (0700) when absent; an existing one is left as the operator made it. */
    static void ensureDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (posix(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        } else {
            Files.createDirectories(dir);
        }
    }

    /**
     * Writes {@code bytes} to a new owner-only file beside {@code target}, forces it to disk, moves it
     * over {@code target} atomically and forces the directory entry. On any failure the old target
     * is untouched and the temporary file removed.
     */
    static void replace(Path target, byte[] bytes, SecureRandom random) throws IOException {
        var dir = target.getParent();
        ensureDirectory(dir);
        var suffix = new byte[6];
        random.nextBytes(suffix);
        var temp = dir.resolve(
                "." + target.getFileName() + ".tmp-" + HexFormat.of().formatHex(suffix));
        try {
            createOwnerOnly(temp);
            try (var ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                var buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot replace files atomically", e);
            }
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static void createOwnerOnly(Path file) throws IOException {
        if (posix(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            // The umask may have taken bits away, never added them; set exactly what we mean.
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } else {
            Files.createFile(file);
        }
    }

    /** Opens (creating owner-only when absent) a file used only for locking. */
    static FileChannel openLockFile(Path file) throws IOException {
        ensureDirectory(file.getParent());
        try {
            createOwnerOnly(file);
        } catch (FileAlreadyExistsException e) {
            // Another writer made it first; it is only ever locked, never read.
        }
        return FileChannel.open(file, StandardOpenOption.WRITE);
    }

    /** Makes a rename durable: on Linux a directory opened for reading can be forced. */
    private static void forceDirectory(Path dir) throws IOException {
        try (var ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (posix(dir)) {
                throw e;
            }
            // Some platforms cannot open a directory; the rename is as durable as they allow.
        }
    }

    /** Refuses a secret-bearing file that others could read or write. */
    static void requireOwnerOnly(Path file, String what) throws IOException {
        if (!posix(file)) {
            return;
        }
        var perms = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(perms)) {
            throw new VaultException(
                    VaultException.Reason.INSECURE_PERMISSIONS,
                    file,
                    "the " + what + " " + file + " has mode " + PosixFilePermissions.toString(perms)
                            + "; it must be readable by its owner only (chmod 600 " + file + ")");
        }
    }
}
