package dev.gatehouse.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.config.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Checks that a record's body is exactly canonical JSON ({@link CanonicalJson}: sorted keys, no
 * white space, the writer's escapes) in the record layout {@code
 * {"fields":{...},"prev":"<hex>","principal":"...","seq":N,"time":"...","type":"..."}}, and notes
 * where its values are, without allocating.
 *
 * <p>Why exactly canonical: verify hashes the stored bytes, while {@code audit query} and {@code
 * tail} show what a JSON parser makes of them. Only when the bytes are the one canonical text of
 * their meaning are the two the same thing; a duplicate key, an unusual escape or white space would
 * let a line hash right yet read differently, or differ from the hash an independent checker
 * recomputes. The common shapes (plain or escaped strings, UTF-8, whole numbers, booleans, arrays
 * of those) are checked byte by byte; anything else is parsed and re-written with {@link
 * CanonicalJson}, and must come out byte for byte the same.
 */
final class CanonicalScanner {

    private static final byte[] TRUE = bytes("true");
    private static final byte[] FALSE = bytes("false");
    private static final byte[] NULL = bytes("null");
    /** ASCII that stands for itself in a canonical string or plain key: not a control, quote or backslash. */
    private static final boolean[] PLAIN = plain();

    /** Thrown, without a stack, where a byte check is unsure and {@link #scanBody} must give up. */
    private static final RecordCodec.MalformedRecord NOT_SURE =
            new RecordCodec.MalformedRecord("needs the exact check");

    private byte[] buf;
    private int at;
    private int end;
    /** Whether values the byte checks are unsure of end the scan instead of taking the exact check. */
    private boolean bytesOnly;

    // Where the last scanned record's values are; strings include their quotes.
    private long seq;
    private int prevAt;
    private int timeAt;
    private int timeEnd;
    private int typeAt;
    private int typeEnd;
    /** How many values needed the parse-and-rewrite check; lets tests see the byte checks cover the writer's output. */
    private long exactChecks;

    private static boolean[] plain() {
        var plain = new boolean[256];
        for (int b = 0x20; b < 0x80; b++) {
            plain[b] = b != '"' && b != '\\';
        }
        return plain;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Scans the body {@code buf[off, bodyEnd)}: the line up to, not including, {@code ,"hash"}.
     *
     * @throws RecordCodec.MalformedRecord when it is not a record in canonical form
     */
    void scan(byte[] buf, int off, int bodyEnd) throws RecordCodec.MalformedRecord {
        begin(buf, off, bodyEnd, false);
        body();
        if (at != end) {
            throw new RecordCodec.MalformedRecord("unexpected content after type");
        }
    }

    /**
     * Scans a body from {@code off} without knowing where its line ends, so that the line need not
     * be searched for its newline first. Only the byte checks are used, and they accept no control
     * character, so a body they accept holds no newline: it is the same text {@link #scan} would
     * see. Anything else, malformed or merely unusual, is left to {@link #scan}.
     *
     * @return where the body ends (at its {@code type} value's closing quote, exclusive), or -1
     *     when the line needs {@link #scan}
     */
    int scanBody(byte[] buf, int off, int limit) {
        begin(buf, off, limit, true);
        try {
            body();
        } catch (RecordCodec.MalformedRecord e) {
            return -1;
        }
        return at;
    }

    private void begin(byte[] buf, int off, int end, boolean bytesOnly) {
        this.buf = buf;
        this.at = off;
        this.end = end;
        this.bytesOnly = bytesOnly;
    }

    private void body() throws RecordCodec.MalformedRecord {
        expect(RecordCodec.FIELDS);
        int start = at;
        if (!fastObject()) {
            at = start;
            exact(JsonNode::isObject);
        }
        expect(RecordCodec.PREV);
        prevAt = at;
        if (end - at < 64 || !RecordCodec.isHex64(buf, at)) {
            throw new RecordCodec.MalformedRecord("prev is not 64 lower-case hex digits");
        }
        at += 64;
        expect(RecordCodec.PRINCIPAL);
        string();
        expect(RecordCodec.SEQ);
        seq = positive();
        expect(RecordCodec.TIME);
        timeAt = at;
        string();
        timeEnd = at;
        expect(RecordCodec.TYPE);
        typeAt = at;
        string();
        typeEnd = at;
    }

    long seq() {
        return seq;
    }

    int prevAt() {
        return prevAt;
    }

    long exactChecks() {
        return exactChecks;
    }

    /** Whether the type is {@code quoted}, a canonical JSON string with its quotes. */
    boolean typeIs(byte[] quoted) {
        return Arrays.equals(buf, typeAt, typeEnd, quoted, 0, quoted.length);
    }

    String type() throws RecordCodec.MalformedRecord {
        return text(typeAt, typeEnd);
    }

    String time() throws RecordCodec.MalformedRecord {
        return text(timeAt, timeEnd);
    }

    private String text(int from, int to) throws RecordCodec.MalformedRecord {
        return RecordCodec.tree(buf, from, to - from).asText();
    }

    private void expect(byte[] literal) throws RecordCodec.MalformedRecord {
        if (!take(literal)) {
            throw new RecordCodec.MalformedRecord("not a record in canonical form");
        }
    }

    private boolean take(byte[] literal) {
        if (end - at < literal.length || !Arrays.equals(buf, at, at + literal.length, literal, 0, literal.length)) {
            return false;
        }
        at += literal.length;
        return true;
    }

    private boolean take(char c) {
        if (at < end && buf[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    private void string() throws RecordCodec.MalformedRecord {
        int start = at;
        if (!fastString()) {
            at = start;
            exact(JsonNode::isTextual);
        }
    }

    /** A positive whole number without sign or leading zeros, as the writer writes seq. */
    private long positive() throws RecordCodec.MalformedRecord {
        int start = at;
        long value = 0;
        while (at < end && buf[at] >= '0' && buf[at] <= '9' && at - start < 18) {
            value = value * 10 + (buf[at++] - '0');
        }
        if (at == start || buf[start] == '0' || at < end && buf[at] >= '0' && buf[at] <= '9') {
            throw new RecordCodec.MalformedRecord("seq is not a positive whole number");
        }
        return value;
    }

    // The byte checks: true only for text that is canonical; false means "not sure", never "fine".

    /** An object of plain ASCII keys in strictly increasing order with scalar or array values. */
    private boolean fastObject() {
        if (!take('{')) {
            return false;
        }
        if (take('}')) {
            return true;
        }
        int lastKey = -1;
        int lastKeyEnd = -1;
        do {
            int key = at + 1;
            if (!keyAfter(lastKey, lastKeyEnd)) {
                return false;
            }
            lastKey = key;
            lastKeyEnd = at - 1;
            if (!take(':') || !fastValue(true)) {
                return false;
            }
        } while (take(','));
        return take('}');
    }

    /**
     * A quoted key of plain ASCII that sorts strictly after the key in {@code buf[lastKey,
     * lastKeyEnd)} (quotes excluded; none if {@code lastKey < 0}), compared as it is read. For ASCII,
     * byte order is the String order {@link CanonicalJson} sorts by; equal means a duplicate, and a
     * key sorts after every key it extends.
     */
    private boolean keyAfter(int lastKey, int lastKeyEnd) {
        if (!take('"')) {
            return false;
        }
        // 0 while equal to the last key so far, 1 once greater; smaller fails at once.
        int order = lastKey < 0 ? 1 : 0;
        int i = lastKey;
        while (at < end) {
            int b = buf[at++] & 0xff;
            if (b == '"') {
                return order > 0;
            }
            if (!PLAIN[b] || b == 0x7f) {
                return false;
            }
            if (order == 0) {
                if (i == lastKeyEnd) {
                    order = 1;
                } else {
                    int d = b - (buf[i++] & 0xff);
                    if (d < 0) {
                        return false;
                    }
                    order = d > 0 ? 1 : 0;
                }
            }
        }
        return false;
    }

    private boolean fastValue(boolean arrayAllowed) {
        if (at >= end) {
            return false;
        }
        return switch (buf[at]) {
            case '"' -> fastString();
            case 't' -> take(TRUE);
            case 'f' -> take(FALSE);
            case 'n' -> take(NULL);
            case '[' -> arrayAllowed && fastArray();
            default -> fastInteger();
        };
    }

    private boolean fastArray() {
        at++;
        if (take(']')) {
            return true;
        }
        do {
            if (!fastValue(false)) {
                return false;
            }
        } while (take(','));
        return take(']');
    }

    /** {@code 0} or {@code -?[1-9][0-9]*}, at most 18 digits (bigger ones take the exact check). */
    private boolean fastInteger() {
        int start = at;
        take('-');
        int digits = at;
        while (at < end && buf[at] >= '0' && buf[at] <= '9') {
            at++;
        }
        int n = at - digits;
        if (n == 0 || n > 18 || buf[digits] == '0' && (n > 1 || digits > start)) {
            return false;
        }
        // A fraction or exponent makes it a floating-point number: the exact check handles those.
        return at >= end || buf[at] != '.' && buf[at] != 'e' && buf[at] != 'E';
    }

    /** A string as the writer escapes it: only {@code " \\ b f n r t} short escapes, a six-character unicode escape (upper-case hex) for other controls, UTF-8 raw. */
    private boolean fastString() {
        if (!take('"')) {
            return false;
        }
        while (at < end) {
            int b = buf[at] & 0xff;
            if (PLAIN[b]) {
                at++;
            } else if (b == '"') {
                at++;
                return true;
            } else if (b == '\\') {
                if (!fastEscape()) {
                    return false;
                }
            } else if (b < 0x80 || !utf8()) {
                return false;
            }
        }
        return false;
    }

    private boolean fastEscape() {
        if (end - at < 2) {
            return false;
        }
        switch (buf[at + 1]) {
            case '"', '\\', 'b', 'f', 'n', 'r', 't' -> {
                at += 2;
                return true;
            }
            case 'u' -> {
                if (end - at < 6 || buf[at + 2] != '0' || buf[at + 3] != '0') {
                    return false;
                }
                int hi = upperHex(buf[at + 4]);
                int lo = upperHex(buf[at + 5]);
                int c = hi << 4 | lo;
                if (hi < 0 || lo < 0 || c >= 0x20 || c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
                    return false;
                }
                at += 6;
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static int upperHex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        return b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
    }

    /** One well-formed UTF-8 sequence (no overlong forms, no surrogates, at most U+10FFFF). */
    private boolean utf8() {
        int b0 = buf[at] & 0xff;
        int n;
        int lo = 0x80;
        int hi = 0xbf;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            n = 1;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            n = 2;
            lo = b0 == 0xe0 ? 0xa0 : 0x80;
            hi = b0 == 0xed ? 0x9f : 0xbf;
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            n = 3;
            lo = b0 == 0xf0 ? 0x90 : 0x80;
            hi = b0 == 0xf4 ? 0x8f : 0xbf;
        } else {
            return false;
        }
        if (end - at <= n) {
            return false;
        }
        int b1 = buf[at + 1] & 0xff;
        if (b1 < lo || b1 > hi) {
            return false;
        }
        for (int i = 2; i <= n; i++) {
            if ((buf[at + i] & 0xc0) != 0x80) {
                return false;
            }
        }
        at += n + 1;
        return true;
    }

    private void exact(java.util.function.Predicate<JsonNode> kind) throws RecordCodec.MalformedRecord {
        if (bytesOnly) {
            throw NOT_SURE;
        }
        exactChecks++;
        at = ExactValue.check(buf, at, end, kind);
    }
}
