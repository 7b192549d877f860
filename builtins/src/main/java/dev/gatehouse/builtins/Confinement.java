package dev.gatehouse.builtins;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Walks a caller's path inside a root one name at a time, holding an open handle on each
 * directory and opening the next name relative to it without following links. Nothing is ever
 * opened again by a path string after it was checked, so a directory swapped for a link while a
 * call runs (a rename race by another writer inside the root) cannot lead the walk outside: the
 * handle stays on the directory that was checked, wherever it now lies.
 *
 * <p>A link met on the way is read, its target placed lexically, and the walk starts again from
 * the root's handle along that place, only if it lies inside the root; so nothing outside the root
 * is ever looked at, and whether an outside file exists cannot be learned from our answers.
 *
 * <p>Two steps still go by name, because Java has no {@code readlinkat} or {@code mkdirat}: reading
 * a link's target (the text read is only data, placed and checked like any other) and creating a
 * missing parent for {@code create_parents} (see {@link #createDirectory}).
 */
final class Confinement {

    private static final int MAX_LINKS = 40;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /**
     * Where a walk ended: a name in an open directory, or that directory itself when the path named
     * no entry (the root, or only {@code .}). Holds the handles it was reached through; close it.
     *
     * @param directory the directory the entry is in, open; or the place itself when {@code name} is empty
     * @param name the entry's name in {@code directory}, a single name
     * @param attributes the entry's attributes read without following, empty when it is missing
     */
    record Place(
            SecureDirectoryStream<Path> directory,
            Optional<Path> name,
            Optional<BasicFileAttributes> attributes,
            List<DirectoryStream<Path>> held)
            implements AutoCloseable {

        boolean exists() {
            return attributes.isPresent();
        }

        boolean isRegularFile() {
            return attributes.map(BasicFileAttributes::isRegularFile).orElse(false);
        }

        boolean isDirectory() {
            return attributes.map(BasicFileAttributes::isDirectory).orElse(false);
        }

        /** The entry's name, for a place that names one (every place but the root itself). */
        Path entry() {
            return name.orElseThrow();
        }

        @Override
        public void close() throws IOException {
            IOException failure = null;
            for (var handle : held) {
                try {
                    handle.close();
                } catch (IOException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    private final Path root;
    private final RelativePath shown;

    /** @param root the root's real path */
    Confinement(Path root, RelativePath shown) {
        this.root = root;
        this.shown = shown;
    }

    /**
     * Walks {@code names}. Directories on the way must exist (or are created when
     * {@code createDirectories}); the last name may be missing.
     *
     * @param followLast whether a link as the last name is followed (read, list) or is itself the
     *     place (delete, and the write that replaces a name)
     */
    Place walk(List<String> names, boolean followLast, boolean createDirectories) throws IOException {
        var rootHandle = openRoot();
        var held = new java.util.ArrayList<DirectoryStream<Path>>();
        held.add(rootHandle);
        try {
            return walk(rootHandle, held, names, followLast, createDirectories);
        } catch (IOException | RuntimeException e) {
            new Place(rootHandle, Optional.empty(), Optional.empty(), held).close();
            throw e;
        }
    }

    private Place walk(
            SecureDirectoryStream<Path> rootHandle,
            List<DirectoryStream<Path>> held,
            List<String> names,
            boolean followLast,
            boolean createDirectories)
            throws IOException {
        Deque<String> remaining = new ArrayDeque<>(names);
        var current = rootHandle;
        // Where the current directory lies, lexically, for placing a relative link target.
        Path lexical = root;
        int links = 0;
        while (!remaining.isEmpty()) {
            var name = remaining.pop();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            var entry = Path.of(name);
            var attributes = lstat(current, entry);
            boolean last = remaining.isEmpty();
            if (attributes.isEmpty()) {
                if (last) {
                    return new Place(current, Optional.of(entry), Optional.empty(), List.copyOf(held));
                }
                if (!createDirectories) {
                    throw notFound();
                }
                createDirectory(current, lexical, entry);
                attributes = lstat(current, entry);
            }
            if (attributes.get().isSymbolicLink() && (!last || followLast)) {
                if (++links > MAX_LINKS) {
                    throw new Refusal(FileRoots.PLUGIN, Refusal.Kind.PATH, shown.shown() + " has too many links");
                }
                var placed = lexical.resolve(readLink(lexical.resolve(entry))).normalize();
                if (!placed.startsWith(root)) {
                    throw escape();
                }
                // Start again from the root's handle along the target's place, which lies inside it.
                var steps = root.relativize(placed);
                for (int i = steps.getNameCount() - 1; i >= 0; i--) {
                    var step = steps.getName(i).toString();
                    if (!step.isEmpty()) {
                        remaining.push(step);
                    }
                }
                current = rootHandle;
                lexical = root;
                continue;
            }
            if (last) {
                return new Place(current, Optional.of(entry), attributes, List.copyOf(held));
            }
            if (!attributes.get().isDirectory()) {
                throw notFound();
            }
            current = openDirectory(current, entry);
            held.add(current);
            lexical = lexical.resolve(entry);
        }
        return new Place(current, Optional.empty(), Optional.of(attributesOf(current)), List.copyOf(held));
    }

    private SecureDirectoryStream<Path> openRoot() throws IOException {
        DirectoryStream<Path> stream;
        try {
            stream = Files.newDirectoryStream(root);
        } catch (NoSuchFileException e) {
            throw notFound();
        }
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        // Fail closed: without handle-relative opening the walk cannot be made safe.
        throw new BuiltinsException(FileRoots.PLUGIN, "this file system cannot open files relative to a directory");
    }

    /**
     * Opens a child directory through its parent's handle, never through a link. A link (or
     * anything else) swapped in since it was looked at is refused, not followed.
     */
    private SecureDirectoryStream<Path> openDirectory(SecureDirectoryStream<Path> parent, Path entry)
            throws IOException {
        try {
            return parent.newDirectoryStream(entry, NOFOLLOW);
        } catch (NoSuchFileException e) {
            throw notFound();
        } catch (FileSystemException e) {
            throw changed();
        }
    }

    /**
     * Java has no {@code mkdirat}, so a missing parent is created by its name. A racing writer inside
     * the root can make that name lead elsewhere; the directory is then opened through the parent's
     * handle, so nothing is ever written outside the root, though an empty directory may be left
     * where the name led. Only calls with {@code create_parents} take this step.
     */
    private void createDirectory(SecureDirectoryStream<Path> parent, Path lexicalParent, Path entry)
            throws IOException {
        try {
            Files.createDirectory(lexicalParent.resolve(entry));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // Made meanwhile by someone else: it is checked like any other name below.
        }
        var made = lstat(parent, entry);
        if (made.isEmpty() || !made.get().isDirectory()) {
            throw changed();
        }
    }

    private Path readLink(Path link) throws IOException {
        try {
            return Files.readSymbolicLink(link);
        } catch (NoSuchFileException | java.nio.file.NotLinkException e) {
            throw changed();
        }
    }

    /** An entry's attributes through its directory's handle, without following; empty when missing. */
    static Optional<BasicFileAttributes> lstat(SecureDirectoryStream<Path> directory, Path entry) throws IOException {
        try {
            return Optional.of(directory
                    .getFileAttributeView(entry, BasicFileAttributeView.class, NOFOLLOW)
                    .readAttributes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static BasicFileAttributes attributesOf(SecureDirectoryStream<Path> directory) throws IOException {
        return directory.getFileAttributeView(BasicFileAttributeView.class).readAttributes();
    }

    Refusal escape() {
        return new Refusal(FileRoots.PLUGIN, Refusal.Kind.PATH, shown.shown() + " leads outside its root");
    }

    Refusal notFound() {
        return new Refusal(FileRoots.PLUGIN, Refusal.Kind.NOT_FOUND, "no such file or directory: " + shown.shown());
    }

    /** Something on the path changed while the call ran; the caller may simply try again. */
    Refusal changed() {
        return new Refusal(FileRoots.PLUGIN, Refusal.Kind.PATH, shown.shown() + " changed while it was being opened");
    }
}
