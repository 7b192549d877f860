package dev.gatehouse.redaction;

/**
 * Finds PEM private-key blocks ({@code -----BEGIN ... PRIVATE KEY-----} to the matching END line)
 * with plain string searches, which stay linear however long a block is. Blocks may sit in JSON with
 * escaped newlines; the search does not care about line breaks.
 *
 * <p>A block without its END line (output cut off by a cap, a key split over two messages) is taken
 * up to the first character that cannot occur in a PEM body (base64, whitespace, header lines such
 * as {@code Proc-Type: 4,ENCRYPTED}, JSON escapes): everything that could be key material goes.
 */
final class PrivateKeyBlocks {

    static final String NAME = "private-key";

    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";
    private static final int MAX_LABEL = 64;

    private PrivateKeyBlocks() {}

    static void find(String text, Spans spans, int label) {
        int from = 0;
        while (true) {
            int begin = text.indexOf(BEGIN, from);
            if (begin < 0) {
                return;
            }
            int labelStart = begin + BEGIN.length();
            int labelEnd = text.indexOf(DASHES, labelStart);
            if (labelEnd < 0) {
                return;
            }
            if (labelEnd - labelStart > MAX_LABEL || !isPrivateKeyLabel(text, labelStart, labelEnd)) {
                from = labelStart;
                continue;
            }
            int bodyStart = labelEnd + DASHES.length();
            var endLine = "-----END " + text.substring(labelStart, labelEnd) + DASHES;
            int end = text.indexOf(endLine, bodyStart);
            int blockEnd = end >= 0 ? end + endLine.length() : bodyEnd(text, bodyStart);
            spans.add(begin, blockEnd, label);
            from = blockEnd;
        }
    }

    private static boolean isPrivateKeyLabel(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ')) {
                return false;
            }
        }
        return text.substring(start, end).contains("PRIVATE KEY");
    }

    private static int bodyEnd(String text, int from) {
        int i = from;
        while (i < text.length() && isBodyChar(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBodyChar(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || "+/=:,-_ \t\r\n\\".indexOf(c) >= 0;
    }
}
