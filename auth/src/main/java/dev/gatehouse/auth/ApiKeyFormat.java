package dev.gatehouse.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The API key format {@code ghk_<keyId>_<secret>}: a 16-hex-digit public id that finds the stored
 * record, and 32 random bytes in unpadded base64url that prove possession.
 *
 * <p>Stored as SHA-256(salt || secret). A slow password hash (bcrypt, Argon2) exists to make
 * guessing low-entropy human passwords expensive; these secrets are 256 uniformly random bits, so
 * there is nothing to guess and no dictionary to precompute, and a fast hash is as strong as a slow
 * one while keeping every authenticated request cheap. The salt makes equal secrets (never
 * expected) hash differently and rules out any table shared between databases.
 */
final class ApiKeyFormat {

    static final String PREFIX = "ghk_";
    static final int KEY_ID_BYTES = 8;
    static final int SECRET_BYTES = 32;
    static final int SALT_BYTES = 16;
    static final int LENGTH = PREFIX.length() + 2 * KEY_ID_BYTES + 1 + 43;

    private static final int ID_START = PREFIX.length();
    private static final int SECRET_START = ID_START + 2 * KEY_ID_BYTES + 1;

    /** Never updated: only cloned, so sharing it between threads is safe. */
    private static final MessageDigest SHA_256 = sha256();

    /** The parts of a presented key. */
    record Parsed(String keyId, byte[] secret) {
        @Override
        public String toString() {
            return "Parsed[keyId=" + keyId + ", secret=***]";
        }
    }

    /** A new key's parts: its id, secret, the salt to store and the key text to hand out once. */
    record Fresh(String keyId, byte[] salt, byte[] secretHash, String key) {
        @Override
        public String toString() {
            return "Fresh[keyId=" + keyId + ", ***]";
        }
    }

    private ApiKeyFormat() {}

    static Fresh generate(SecureRandom random) {
        var id = new byte[KEY_ID_BYTES];
        var secret = new byte[SECRET_BYTES];
        var salt = new byte[SALT_BYTES];
        random.nextBytes(id);
        random.nextBytes(secret);
        random.nextBytes(salt);
        var keyId = HexFormat.of().formatHex(id);
        var key = PREFIX + keyId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Fresh(keyId, salt, hash(salt, secret), key);
    }

    static Optional<Parsed> parse(String key) {
        // ghk_ [0-9a-f]{16} _ [A-Za-z0-9_-]{43}, checked by hand: a regex was most of the cost of
        // authenticating a key, and a fixed-width format needs no backtracking engine.
        if (key == null
                || key.length() != LENGTH
                || !key.startsWith(PREFIX)
                || !lowerHex(key, ID_START, SECRET_START - 1)
                || key.charAt(SECRET_START - 1) != '_') {
            return Optional.empty();
        }
        for (int i = SECRET_START; i < LENGTH; i++) {
            if (!base64Url(key.charAt(i))) {
                return Optional.empty();
            }
        }
        // 43 characters carry 258 bits for a 256-bit secret: the last one's two low bits are unused,
        // so four spellings would decode alike. Only the canonical one (those bits zero) is a key.
        if ((base64UrlValue(key.charAt(LENGTH - 1)) & 0x3) != 0) {
            return Optional.empty();
        }
        var secret = Base64.getUrlDecoder().decode(key.substring(SECRET_START).getBytes(StandardCharsets.US_ASCII));
        return Optional.of(new Parsed(key.substring(ID_START, SECRET_START - 1), secret));
    }

    /** The 6-bit value of a base64url character already checked by {@code base64Url}. */
    private static int base64UrlValue(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63;
    }

    static boolean isKeyId(String keyId) {
        return keyId != null && keyId.length() == 2 * KEY_ID_BYTES && lowerHex(keyId, 0, keyId.length());
    }

    private static boolean lowerHex(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean base64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    static byte[] hash(byte[] salt, byte[] secret) {
        try {
            // A clone of a ready instance skips the provider lookup getInstance does on every call.
            var digest = (MessageDigest) SHA_256.clone();
            digest.update(salt);
            digest.update(secret);
            return digest.digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
