package dev.gatehouse.plugins.source;

import dev.gatehouse.plugins.source.ExtractionException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An entry name that passed the naming rules, as segments relative to the tree root. Empty and
 * {@code .} segments are dropped ({@code ./a//b} is {@code a/b}): tar writes such names and they
 * are harmless. Everything that could leave the root or confuse a reader is refused.
 *
 * @param given the name as the source gave it
 * @param segments the name's segments; empty for the root itself
 */
record EntryPath(String given, List<String> segments) {

    EntryPath {
        segments = List.copyOf(segments);
    }

    static EntryPath parse(String given, int maxNameBytes) {
        checkCharacters(given, given, maxNameBytes);
        if (given.startsWith("/") || given.matches("^[A-Za-z]:.*")) {
            throw new ExtractionException(given, Reason.ABSOLUTE_PATH);
        }
        var segments = new ArrayList<String>();
        for (var segment : given.split("/", -1)) {
            if (segment.equals("..")) {
                throw new ExtractionException(given, Reason.PARENT_TRAVERSAL);
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return new EntryPath(given, segments);
    }

    /**
     * The rules every name and link target obeys. Control characters are refused as well as NUL:
     * a newline in a name could forge a line of the {@link TreeDigest} listing.
     */
    static void checkCharacters(String text, String entry, int maxNameBytes) {
        if (text.isEmpty() || text.getBytes(StandardCharsets.UTF_8).length > maxNameBytes) {
            throw new ExtractionException(entry, Reason.BAD_NAME);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || (Character.isSurrogate(c) && !validSurrogate(text, i))) {
                throw new ExtractionException(entry, Reason.BAD_NAME);
            }
        }
    }

    // An unpaired surrogate cannot be written as UTF-8, so two different names would collide.
    private static boolean validSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }

    boolean isRoot() {
        return segments.isEmpty();
    }

    /** The normalized name, segments joined by {@code /}. */
    String relative() {
        return String.join("/", segments);
    }
}
