package dev.gatehouse.custody.audit;

import java.nio.charset.StandardCharsets;

/**
 * A fast path for reading the structure of a record line as the writer lays it out: {@code
 * {"fields":{...},"prev":"<hex>","principal":"...","seq":N,"time":"...","type":"...","hash":...}}.
 * It skips the fields object byte by byte (strings, escapes and nesting respected) instead of
 * tokenising it, which is what lets verify run at disk speed. Anything else it does not expect,
 * including escapes in the strings it returns, makes it give up and the caller falls back to the
 * full JSON parser. Inside the fields object it checks structure, not every rule of JSON grammar:
 * a line that breaks one there yet matches its own hash and links into the chain can only have been
 * written by someone able to forge whole records, which checkpoints are there to catch.
 */
final class RecordScanner {

    private static final byte[] FIELDS = bytes("{\"fields\":{");
    private static final byte[] PREV = bytes(",\"prev\":\"");
    private static final byte[] PRINCIPAL = bytes(",\"principal\":\"");
    private static final byte[] SEQ = bytes(",\"seq\":");
    private static final byte[] TIME = bytes(",\"time\":\"");
    private static final byte[] TYPE = bytes(",\"type\":\"");

    private final byte[] buf;
    private final int end;
    private int at;

    private RecordScanner(byte[] buf, int off, int end) {
        this.buf = buf;
        this.at = off;
        this.end = end;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Scans the body {@code buf[off, bodyEnd)} (the line up to {@code ,"hash"}).
     *
     * @return the parsed record, or null when the line needs the full parser
     */
    static RecordCodec.Parsed scan(byte[] buf, int off, int bodyEnd, String hashHex, boolean matches) {
        var s = new RecordScanner(buf, off, bodyEnd);
        if (!s.literal(FIELDS) || !s.skipObjectBody()) {
            return null;
        }
        if (!s.literal(PREV) || s.at + 65 > s.end || buf[s.at + 64] != '"') {
            return null;
        }
        var prev = new String(buf, s.at, 64, StandardCharsets.ISO_8859_1);
        s.at += 65;
        if (!s.literal(PRINCIPAL) || s.skipString() < 0 || !s.literal(SEQ)) {
            return null;
        }
        long seq = s.number();
        if (seq < 1 || !s.literal(TIME)) {
            return null;
        }
        var time = s.plainString();
        if (time == null || !s.literal(TYPE)) {
            return null;
        }
        var type = s.plainString();
        if (type == null || s.at != s.end || !RecordCodec.isLowerHex(prev)) {
            return null;
        }
        return new RecordCodec.Parsed(seq, prev, type, time, hashHex, matches);
    }

    private boolean literal(byte[] expected) {
        if (at + expected.length > end) {
            return false;
        }
        for (byte b : expected) {
            if (buf[at++] != b) {
                return false;
            }
        }
        return true;
    }

    /** Skips to just after the '}' closing the object whose '{' was consumed. */
    private boolean skipObjectBody() {
        int depth = 1;
        while (at < end) {
            byte b = buf[at++];
            switch (b) {
                case '"' -> {
                    if (skipString() < 0) {
                        return false;
                    }
                }
                case '{', '[' -> depth++;
                case '}', ']' -> {
                    if (--depth == 0) {
                        return b == '}';
                    }
                }
                default -> {}
            }
        }
        return false;
    }

    /** Skips the rest of a string whose opening quote was consumed; -1 when unterminated or raw control bytes. */
    private int skipString() {
        while (at < end) {
            byte b = buf[at++];
            if (b == '"') {
                return at;
            } else if (b == '\\') {
                at++;
            } else if (b >= 0 && b < 0x20) {
                return -1;
            }
        }
        return -1;
    }

    /** The rest of a string without escapes (time, type); null otherwise. */
    private String plainString() {
        int start = at;
        while (at < end) {
            byte b = buf[at++];
            if (b == '"') {
                return new String(buf, start, at - 1 - start, StandardCharsets.UTF_8);
            } else if (b == '\\' || b >= 0 && b < 0x20) {
                return null;
            }
        }
        return null;
    }

    /** A positive whole number without leading zeros or sign; -1 otherwise. */
    private long number() {
        int start = at;
        long value = 0;
        while (at < end && buf[at] >= '0' && buf[at] <= '9') {
            if (at - start >= 18) {
                return -1;
            }
            value = value * 10 + (buf[at++] - '0');
        }
        if (at == start || buf[start] == '0') {
            return -1;
        }
        return value;
    }
}
