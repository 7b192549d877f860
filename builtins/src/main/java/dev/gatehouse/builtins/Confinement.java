package dev.gatehouse.builtins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Walks a caller's path inside a root one name at a time without following any link blindly. A
 * link is read, its target placed lexically, and the walk continues only if that place is inside
 * the root; so nothing outside the root is ever looked at, and whether an outside file exists
 * cannot be learned from our answers. Every step below the root works in a directory already
 * known to be real, so the place reached is a real path.
 *
 * <p>What Java cannot give us is {@code openat}: between this walk and the open that follows, a
 * process with write access inside the root could swap a directory for a link. Opens therefore use
 * {@code NOFOLLOW_LINKS} on the last name, and callers re-check the place after opening.
 */
final class Confinement {

    private static final int MAX_LINKS = 40;

    /** Where a walk ended: an existing entry (its attributes read without following) or a missing one. */
    record Place(Path path, Optional<BasicFileAttributes> attributes) {
        boolean exists() {
            return attributes.isPresent();
        }

        boolean isRegularFile() {
            return attributes.map(BasicFileAttributes::isRegularFile).orElse(false);
        }

        boolean isDirectory() {
            return attributes.map(BasicFileAttributes::isDirectory).orElse(false);
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
        Deque<String> remaining = new ArrayDeque<>(names);
        Path current = root;
        int links = 0;
        while (!remaining.isEmpty()) {
            var name = remaining.pop();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                // Only a link target brings ".." here; the caller's own path never has one.
                if (current.equals(root)) {
                    throw escape();
                }
                current = current.getParent();
                continue;
            }
            var next = current.resolve(name);
            var attributes = lstat(next);
            boolean last = remaining.isEmpty();
            if (attributes.isEmpty()) {
                if (last) {
                    return new Place(next, Optional.empty());
                }
                if (!createDirectories) {
                    throw notFound();
                }
                Files.createDirectory(next);
                attributes = lstat(next);
                if (attributes.isEmpty() || !attributes.get().isDirectory()) {
                    throw notFound();
                }
            }
            if (attributes.get().isSymbolicLink() && (!last || followLast)) {
                if (++links > MAX_LINKS) {
                    throw new Refusal(FileRoots.PLUGIN, Refusal.Kind.PATH, shown.shown() + " has too many links");
                }
                var target = Files.readSymbolicLink(next);
                var placed = current.resolve(target).normalize();
                if (!placed.startsWith(root)) {
                    throw escape();
                }
                // Continue from the root along the target's place, which lies inside it.
                var steps = root.relativize(placed);
                for (int i = steps.getNameCount() - 1; i >= 0; i--) {
                    var step = steps.getName(i).toString();
                    if (!step.isEmpty()) {
                        remaining.push(step);
                    }
                }
                current = root;
                continue;
            }
            if (last) {
                return new Place(next, attributes);
            }
            if (!attributes.get().isDirectory()) {
                throw notFound();
            }
            current = next;
        }
        return new Place(current, lstat(current));
    }

    static Optional<BasicFileAttributes> lstat(Path path) throws IOException {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * After opening: the place must still be what the walk found, a real path inside the root. It
     * narrows the window for a swapped directory; it cannot close it (see the class comment).
     */
    void recheck(Place place) throws IOException {
        Path real;
        try {
            real = place.path().toRealPath();
        } catch (NoSuchFileException e) {
            throw notFound();
        }
        if (!real.equals(place.path()) || !real.startsWith(root)) {
            throw escape();
        }
    }

    Refusal escape() {
        return new Refusal(FileRoots.PLUGIN, Refusal.Kind.PATH, shown.shown() + " leads outside its root");
    }

    Refusal notFound() {
        return new Refusal(FileRoots.PLUGIN, Refusal.Kind.NOT_FOUND, "no such file or directory: " + shown.shown());
    }
}
