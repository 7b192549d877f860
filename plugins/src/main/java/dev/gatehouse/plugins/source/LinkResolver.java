package dev.gatehouse.plugins.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a symbolic link inside a tree the way the kernel would, one segment at a time,
 * following links already in the tree, without ever leaving the tree. A lexical check alone is not
 * enough: with {@code d/x -> ..}, the link {@code d/y -> x/../..} looks like {@code d/..} but
 * really climbs above the root.
 */
final class LinkResolver {

    enum Outcome {
        INSIDE,
        ESCAPES,
        LOOPS
    }

    /** Linux gives up after 40 links too. */
    private static final int MAX_HOPS = 40;

    private LinkResolver() {}

    /**
     * Where the link at {@code link} (whose parent directories are real directories) with the
     * given target text leads. Missing segments are resolved lexically: nothing there can redirect.
     */
    static Outcome resolve(Path root, EntryPath link, String target) {
        if (target.startsWith("/")) {
            return Outcome.ESCAPES;
        }
        List<String> current =
                new ArrayList<>(link.segments().subList(0, link.segments().size() - 1));
        Deque<String> todo = new ArrayDeque<>(List.of(target.split("/", -1)));
        int hops = 0;
        while (!todo.isEmpty()) {
            var segment = todo.removeFirst();
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (current.isEmpty()) {
                    return Outcome.ESCAPES;
                }
                current.removeLast();
                continue;
            }
            var candidate = root.resolve(String.join("/", current)).resolve(segment);
            if (Files.isSymbolicLink(candidate)) {
                if (++hops > MAX_HOPS) {
                    return Outcome.LOOPS;
                }
                var next = readLink(candidate);
                if (next.startsWith("/")) {
                    return Outcome.ESCAPES;
                }
                var parts = next.split("/", -1);
                for (int i = parts.length - 1; i >= 0; i--) {
                    todo.addFirst(parts[i]);
                }
            } else {
                current.add(segment);
            }
        }
        return Outcome.INSIDE;
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
