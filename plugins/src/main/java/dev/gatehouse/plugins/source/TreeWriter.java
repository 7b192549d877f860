package dev.gatehouse.plugins.source;

import dev.gatehouse.plugins.source.ExtractionException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a plugin tree under a root, one entry at a time, whatever the source. Every source goes
 * through here so that every source meets the same rules: names are checked, nothing is ever
 * written through a link (each parent segment must be a real directory, files are created with
 * {@code CREATE_NEW} and {@code NOFOLLOW_LINKS}), links must resolve inside the tree, sizes are
 * counted as bytes stream, and modes are reduced to 0755 or 0644 so the tree is the same
 * everywhere.
 */
final class TreeWriter {

    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> PLAIN = PosixFilePermissions.fromString("rw-r--r--");
    private static final int CHUNK = 8192;

    private final Path root;
    private final Budget budget;
    private final Set<String> seen = new HashSet<>();
    private final Map<EntryPath, String> links = new LinkedHashMap<>();

    TreeWriter(Path root, Budget budget) {
        this.root = root;
        this.budget = budget;
    }

    void directory(String name) throws IOException {
        var entry = begin(name);
        if (entry.isRoot()) {
            return;
        }
        var path = parentOf(entry).resolve(last(entry));
        var existing = attributes(path);
        if (existing.isPresent()) {
            // Made earlier as the parent of a file; an explicit entry for it is no duplicate.
            if (!existing.get().isDirectory() || existing.get().isSymbolicLink()) {
                throw new ExtractionException(name, Reason.PATH_CONFLICT);
            }
            return;
        }
        makeDirectory(entry, path);
    }

    void file(String name, boolean executable, InputStream content) throws IOException {
        var entry = begin(name);
        writeFile(entry, executable, content);
    }

    void symlink(String name, String target) throws IOException {
        var entry = begin(name);
        if (entry.isRoot()) {
            throw new ExtractionException(name, Reason.BAD_NAME);
        }
        EntryPath.checkCharacters(target, name, budget.limits().maxNameBytes());
        var path = parentOf(entry).resolve(last(entry));
        checkLink(entry, target);
        try {
            Files.createSymbolicLink(path, Path.of(target));
        } catch (FileAlreadyExistsException e) {
            throw new ExtractionException(name, Reason.PATH_CONFLICT, e);
        }
        links.put(entry, target);
    }

    /**
     * A tar hard link names an earlier entry of the archive. It becomes a copy of that file, so the
     * tree never shares an inode with anything, inside or outside.
     */
    void hardlink(String name, String target) throws IOException {
        var entry = begin(name);
        EntryPath source;
        try {
            source = EntryPath.parse(target, budget.limits().maxNameBytes());
        } catch (ExtractionException e) {
            var escapes = e.reason() == Reason.ABSOLUTE_PATH || e.reason() == Reason.PARENT_TRAVERSAL;
            throw new ExtractionException(name, escapes ? Reason.LINK_ESCAPES : e.reason(), e);
        }
        var path = existingFile(name, source);
        boolean executable = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)
                .contains(PosixFilePermission.OWNER_EXECUTE);
        try (var in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
            writeFile(entry, executable, in);
        }
    }

    /**
     * Checks every link again once the tree is complete: a link written later can change where an
     * earlier one leads ({@code a -> b/..} escapes once {@code b -> .} exists at the root).
     */
    void finish() {
        links.forEach(this::checkLink);
    }

    private EntryPath begin(String name) {
        budget.countEntry(name);
        var entry = EntryPath.parse(name, budget.limits().maxNameBytes());
        if (!entry.isRoot() && !seen.add(entry.relative())) {
            throw new ExtractionException(name, Reason.DUPLICATE_ENTRY);
        }
        return entry;
    }

    private void writeFile(EntryPath entry, boolean executable, InputStream content) throws IOException {
        if (entry.isRoot()) {
            throw new ExtractionException(entry.given(), Reason.BAD_NAME);
        }
        var path = parentOf(entry).resolve(last(entry));
        try (var out = Files.newByteChannel(
                path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            var buffer = new byte[CHUNK];
            int n;
            while ((n = content.read(buffer)) > 0) {
                // Counted before writing, so a bomb stops before its chunk reaches the disk.
                budget.addContent(entry.given(), n);
                var chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
        } catch (FileAlreadyExistsException e) {
            throw new ExtractionException(entry.given(), Reason.PATH_CONFLICT, e);
        }
        setMode(path, executable ? EXECUTABLE : PLAIN);
    }

    private void checkLink(EntryPath entry, String target) {
        switch (LinkResolver.resolve(root, entry, target)) {
            case ESCAPES -> throw new ExtractionException(entry.given(), Reason.LINK_ESCAPES);
            case LOOPS -> throw new ExtractionException(entry.given(), Reason.BAD_LINK);
            case INSIDE -> {}
        }
    }

    /** The entry's parent directory, made if missing; refused if any segment is not a real directory. */
    private Path parentOf(EntryPath entry) throws IOException {
        var current = root;
        var segments = entry.segments();
        for (int i = 0; i < segments.size() - 1; i++) {
            var next = current.resolve(segments.get(i));
            var existing = attributes(next);
            if (existing.isEmpty()) {
                makeDirectory(entry, next);
            } else if (existing.get().isSymbolicLink()) {
                throw new ExtractionException(entry.given(), Reason.WRITE_THROUGH_LINK);
            } else if (!existing.get().isDirectory()) {
                throw new ExtractionException(entry.given(), Reason.PATH_CONFLICT);
            }
            current = next;
        }
        return current;
    }

    private Path existingFile(String name, EntryPath source) throws IOException {
        var current = root;
        for (var segment : source.segments()) {
            current = current.resolve(segment);
            var existing = attributes(current);
            if (existing.isPresent() && existing.get().isSymbolicLink()) {
                throw new ExtractionException(name, Reason.LINK_ESCAPES);
            }
            if (existing.isEmpty()) {
                throw new ExtractionException(name, Reason.BAD_LINK);
            }
        }
        if (source.isRoot()
                || !attributes(current).map(BasicFileAttributes::isRegularFile).orElse(false)) {
            throw new ExtractionException(name, Reason.BAD_LINK);
        }
        return current;
    }

    private void makeDirectory(EntryPath entry, Path path) throws IOException {
        try {
            Files.createDirectory(path);
        } catch (FileAlreadyExistsException e) {
            throw new ExtractionException(entry.given(), Reason.PATH_CONFLICT, e);
        }
        setMode(path, EXECUTABLE);
    }

    private static String last(EntryPath entry) {
        return entry.segments().getLast();
    }

    private static Optional<BasicFileAttributes> attributes(Path path) throws IOException {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static void setMode(Path path, Set<PosixFilePermission> mode) throws IOException {
        var view = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view != null) {
            view.setPermissions(mode);
        }
    }
}
