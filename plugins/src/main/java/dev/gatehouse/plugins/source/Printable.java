package dev.gatehouse.plugins.source;

/** Makes text that came from a hostile source safe to put into a message or a terminal. */
final class Printable {

    /** Long enough to recognise a name, short enough that a 4 KiB name cannot flood a log. */
    static final int MAX_CHARS = 200;

    private Printable() {}

    static String of(String text) {
        if (text == null) {
            return "";
        }
        var out = new StringBuilder();
        int shown = Math.min(text.length(), MAX_CHARS);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                // Escapes keep terminal control sequences and bidi overrides from acting on the reader.
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > MAX_CHARS) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
