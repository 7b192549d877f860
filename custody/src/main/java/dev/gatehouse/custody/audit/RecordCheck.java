package dev.gatehouse.custody.audit;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Checks stored record lines one after another: the line is a record in canonical form, and its
 * hash is SHA-256 over its body. Reuses its digest and scratch space, so checking a line allocates
 * nothing; one instance per thread.
 */
final class RecordCheck {

    private static final byte[] HASH_KEY = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);

    private final MessageDigest sha = RecordCodec.sha256();
    private final byte[] digest = new byte[32];
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
        if (!Arrays.equals(buf, bodyEnd, bodyEnd + HASH_KEY.length, HASH_KEY, 0, HASH_KEY.length)) {
            throw new RecordCodec.MalformedRecord("the hash is not the last field");
        }
        hashAt = bodyEnd + HASH_KEY.length;
        for (int i = 0; i < 64; i++) {
            if (RecordCodec.hexValue(buf[hashAt + i]) < 0) {
                throw new RecordCodec.MalformedRecord("the hash is not 64 lower-case hex digits");
            }
        }
        scanner.scan(buf, off, bodyEnd);
        sha.update(buf, off, bodyEnd - off);
        sha.update((byte) '}');
        try {
            sha.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
        }
        for (int i = 0; i < 32; i++) {
            int stored = RecordCodec.hexValue(buf[hashAt + 2 * i]) << 4 | RecordCodec.hexValue(buf[hashAt + 2 * i + 1]);
            if (stored != (digest[i] & 0xff)) {
                return false;
            }
        }
        return true;
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
