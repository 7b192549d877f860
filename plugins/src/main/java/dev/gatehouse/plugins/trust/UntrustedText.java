package dev.gatehouse.plugins.trust;

/** Echoes text that came from a plugin or a file into an operator message, safely. */
final class UntrustedText {

    private static final int MAX_CODE_POINTS = 64;

    private UntrustedText() {}

    /** Quoted, control and non-ASCII characters escaped, cut after 64 characters so it cannot flood a log. */
    static String quote(String text) {
        var out = new StringBuilder("'");
        text.codePoints().limit(MAX_CODE_POINTS).forEach(c -> {
            if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
                out.appendCodePoint(c);
            } else {
                out.append(String.format("\\u%04x", c));
            }
        });
        if (text.codePointCount(0, text.length()) > MAX_CODE_POINTS) {
            out.append("...");
        }
        return out.append('\'').toString();
    }
}
