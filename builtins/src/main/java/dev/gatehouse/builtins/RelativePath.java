package dev.gatehouse.builtins;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A caller's path, relative to a root, as its names. Absolute paths and {@code ..} are refused
 * outright rather than normalized away: a caller has no business naming anything above its root.
 *
 * @param text what the caller wrote, the only form ever shown back to them
 * @param names the path's names, without empty and {@code .} parts; empty for the root itself
 */
record RelativePath(String text, List<String> names) {

    static final int MAX_CHARS = 4096;
    private static final int MAX_NAME_BYTES = 255;

    RelativePath {
        names = List.copyOf(names);
    }

    static RelativePath parse(String plugin, String text) {
        if (text.length() > MAX_CHARS) {
            throw refuse(plugin, "the path is longer than " + MAX_CHARS + " characters");
        }
        if (text.chars().anyMatch(c -> c == 0 || Character.isISOControl(c))) {
            throw refuse(plugin, "the path " + Quote.of(text) + " contains control characters");
        }
        if (text.startsWith("/")) {
            throw refuse(plugin, "the path is absolute; give it relative to the root");
        }
        var names = new ArrayList<String>();
        for (var name : text.split("/", -1)) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                throw refuse(plugin, "the path " + Quote.of(text) + " contains '..'; paths stay inside their root");
            }
            if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw refuse(plugin, "the path " + Quote.of(text) + " has a name longer than 255 bytes");
            }
            names.add(name);
        }
        return new RelativePath(text, names);
    }

    boolean isRoot() {
        return names.isEmpty();
    }

    /** Shown to the caller: their own text, quoted. */
    String shown() {
        return Quote.of(text.isEmpty() ? "." : text);
    }

    private static Refusal refuse(String plugin, String message) {
        return new Refusal(plugin, Refusal.Kind.PATH, message);
    }
}
