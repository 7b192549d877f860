package dev.gatehouse.audit;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Checks stored record lines one after another: the line is a record in canonical form, and its
 * hash is SHA-256 over its body. Reuses its digest and scratch space, so checking a line allocates
 * nothing; one instance per thread.
 */
final class RecordCheck {

    private final MessageDigest sha = RecordCodec.sha256();
    private final byte[] digest = new byte[32];
    private final byte[] digestHex = new byte[64];
    private final CanonicalScanner scanner = new CanonicalScanner();
    private int hashAt;

    /**
     * Checks one line, newline excluded.
     *
     * @return whether the stored hash matches the body
     * @throws RecordCodec.MalformedRecord when the line is not a record in canonical form
     */
    boolean check(byte[] buf, int off, int len) throws RecordCodec.MalformedRecord {
        if (len < RecordCodec.SUFFIX + 2 || buf[off] != '{' || buf[off + len - 1] != '}' || buf[off + len - 2] != '"') {
            throw new RecordCodec.MalformedRecord("not a record line");
        }
        int bodyEnd = off + len - RecordCodec.SUFFIX;
        if (!hashKeyAt(buf, bodyEnd)) {
            throw new RecordCodec.MalformedRecord("the hash is not the last field");
        }
        hashAt = bodyEnd + RecordCodec.HASH_KEY.length;
        if (!RecordCodec.isHex64(buf, hashAt)) {
            throw new RecordCodec.MalformedRecord("the hash is not 64 lower-case hex digits");
        }
        scanner.scan(buf, off, bodyEnd);
        return hashMatches(buf, off);
    }

    /**
     * Checks the line starting at {@code off} as {@link #check} would, without being told where it
     * ends, when the line is of the shape the writer writes; most are. Saves searching every line
     * for its newline before checking it.
     *
     * @return the index of the line's newline, its hash checked as by {@link #hashMatches}; or -1
     *     when this line needs finding its end and {@link #check} (it may be malformed, or unusual)
     */
    int tryLine(byte[] buf, int off, int limit) {
        int bodyEnd = scanner.scanBody(buf, off, limit);
        if (bodyEnd < 0 || limit - bodyEnd <= RecordCodec.SUFFIX) {
            return -1;
        }
        int newline = bodyEnd + RecordCodec.SUFFIX;
        int at = bodyEnd + RecordCodec.HASH_KEY.length;
        if (!hashKeyAt(buf, bodyEnd)
                || !RecordCodec.isHex64(buf, at)
                || buf[newline - 2] != '"'
                || buf[newline - 1] != '}'
                || buf[newline] != '\n') {
            return -1;
        }
        hashAt = at;
        return newline;
    }

    private static boolean hashKeyAt(byte[] buf, int at) {
        var key = RecordCodec.HASH_KEY;
        return Arrays.equals(buf, at, at + key.length, key, 0, key.length);
    }

    /** Whether the hash stored in the line just checked (from {@code off}) is SHA-256 of its body. */
    boolean hashMatches(byte[] buf, int off) {
        int bodyEnd = hashAt - RecordCodec.HASH_KEY.length;
        sha.update(buf, off, bodyEnd - off);
        sha.update((byte) '}');
        try {
            sha.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
        }
        // Compared as text: the stored digits are known to be lower-case hex, which has one spelling.
        RecordCodec.hex(digest, digestHex, 0);
        return Arrays.equals(buf, hashAt, hashAt + 64, digestHex, 0, 64);
    }

    /** The scanner holding the last checked line's values. */
    CanonicalScanner record() {
        return scanner;
    }

    /** Where the last checked line's own 64 hex digits start. */
    int hashAt() {
        return hashAt;
    }
}
