package dev.gatehouse.builtins;

import dev.gatehouse.api.tool.ExecutionGrant;
import dev.gatehouse.api.tool.ToolOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * {@code files_write}: creates or replaces a regular file. The content goes to a new file beside
 * the target, is synced, and is renamed over it, so a reader never sees half a file and a link
 * swapped in at the target is replaced, never written through.
 */
final class FileWriting {

    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");
    /** The temporary file's mode until it is complete; then it takes the target's (or NEW_FILE). */
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final int maxBytes;

    FileWriting(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    ToolOutput write(Arguments args, FileRoots roots, ExecutionGrant grant) throws IOException {
        var rootDir = roots.choose(FilesTools.rootName(args), true, grant);
        var path = RelativePath.parse(FileRoots.PLUGIN, args.requiredString("path", RelativePath.MAX_CHARS));
        // Characters first, so a huge string is refused before it is encoded.
        var content = args.requiredString("content", Integer.MAX_VALUE - 8);
        if (content.length() > maxBytes) {
            throw tooLarge();
        }
        var bytes = content.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw tooLarge();
        }
        boolean createParents = args.optionalBool("create_parents", false);
        if (path.isRoot()) {
            throw new Refusal(FileRoots.PLUGIN, Refusal.Kind.PATH, "give the path of a file inside the root");
        }
        var confinement = new Confinement(rootDir, path);
        try (var place = confinement.walk(path.names(), true, createParents)) {
            if (place.exists() && !place.isRegularFile()) {
                throw new Refusal(
                        FileRoots.PLUGIN,
                        Refusal.Kind.PATH,
                        path.shown() + " is a "
                                + FilesTools.type(place.attributes().orElseThrow())
                                + "; only regular files are written");
            }
            replace(place, bytes, confinement);
            return ToolOutput.text(
                    (place.exists() ? "replaced " : "created ") + path.shown() + " (" + bytes.length + " bytes)");
        }
    }

    /**
     * Writes a new file beside the target through the directory's handle, syncs it and renames it
     * over the target there ({@code renameat}); every step names a single entry of that directory.
     */
    void replace(Confinement.Place place, byte[] bytes, Confinement confinement) throws IOException {
        var dir = place.directory();
        var permissions = place.exists()
                ? dir.getFileAttributeView(place.entry(), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes()
                        .permissions()
                : NEW_FILE;
        var temp = Path.of(".gatehouse-write-" + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        try {
            try (var channel = dir.newByteChannel(
                    temp,
                    Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PRIVATE))) {
                var buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                ((FileChannel) channel).force(true);
            }
            dir.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(permissions);
            try {
                dir.move(temp, dir, place.entry());
            } catch (FileSystemException e) {
                // The target became a directory, or the like, while the call ran.
                throw confinement.changed();
            }
        } finally {
            deleteQuietly(dir, temp);
        }
        syncDirectory(dir);
    }

    /** Removes the temporary file if the rename did not; a failure here must not hide the first one. */
    private static void deleteQuietly(SecureDirectoryStream<Path> dir, Path temp) {
        try {
            dir.deleteFile(temp);
        } catch (IOException e) {
            // Already renamed over the target (the usual case), or gone.
        }
    }

    private Refusal tooLarge() {
        return new Refusal(
                FileRoots.PLUGIN, Refusal.Kind.SIZE, "content is over the write cap of " + maxBytes + " bytes");
    }

    /** So the rename survives a crash; some file systems cannot sync a directory, which is fine. */
    private static void syncDirectory(SecureDirectoryStream<Path> dir) {
        try (var channel = dir.newByteChannel(Path.of("."), Set.of(StandardOpenOption.READ))) {
            ((FileChannel) channel).force(true);
        } catch (IOException e) {
            // Best effort only: the data itself was synced before the rename.
        }
    }
}
