package dev.gatehouse.builtins;

/**
 * Quotes caller input for a message: shortened, control and bidi characters escaped, so what the
 * caller sent cannot forge lines or reorder text in a log, a terminal or a model's context.
 */
final class Quote {

    private static final int MAX = 200;

    private Quote() {}

    static String of(String value) {
        var sb = new StringBuilder("'");
        value.codePoints().limit(MAX).forEach(c -> {
            if (Character.isISOControl(c)
                    || c == '\''
                    || c == 0x2028
                    || c == 0x2029
                    || (c >= 0x202a && c <= 0x202e)
                    || (c >= 0x2066 && c <= 0x2069)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        if (value.codePointCount(0, value.length()) > MAX) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }
}
