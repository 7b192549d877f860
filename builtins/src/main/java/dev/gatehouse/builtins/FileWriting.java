package dev.gatehouse.builtins;

import dev.gatehouse.api.tool.ExecutionGrant;
import dev.gatehouse.api.tool.ToolOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
        var place = confinement.walk(path.names(), true, createParents);
        if (place.exists() && !place.isRegularFile()) {
            throw new Refusal(
                    FileRoots.PLUGIN,
                    Refusal.Kind.PATH,
                    path.shown() + " is a " + FilesTools.type(place.attributes().orElseThrow())
                            + "; only regular files are written");
        }
        var dir = place.path().getParent();
        var permissions =
                place.exists() ? Files.getPosixFilePermissions(place.path(), LinkOption.NOFOLLOW_LINKS) : NEW_FILE;
        var temp = Files.createTempFile(dir, ".gatehouse-write-", ".tmp");
        try {
            try (var channel = FileChannel.open(
                    temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
                var buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.setPosixFilePermissions(temp, permissions);
            confinement.recheck(new Confinement.Place(dir, Confinement.lstat(dir)));
            Files.move(temp, place.path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(dir);
        return ToolOutput.text(
                (place.exists() ? "replaced " : "created ") + path.shown() + " (" + bytes.length + " bytes)");
    }

    private Refusal tooLarge() {
        return new Refusal(
                FileRoots.PLUGIN, Refusal.Kind.SIZE, "content is over the write cap of " + maxBytes + " bytes");
    }

    /** So the rename survives a crash; some file systems cannot sync a directory, which is fine. */
    private static void syncDirectory(Path dir) {
        try (var channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Best effort only: the data itself was synced before the rename.
        }
    }
}
