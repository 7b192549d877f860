package dev.gatehouse.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

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

    private static final Pattern KEY = Pattern.compile("ghk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}");
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");

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
        if (key == null || key.length() != LENGTH || !KEY.matcher(key).matches()) {
            return Optional.empty();
        }
        int idStart = PREFIX.length();
        int secretStart = idStart + 2 * KEY_ID_BYTES + 1;
        var secret = Base64.getUrlDecoder().decode(key.substring(secretStart).getBytes(StandardCharsets.US_ASCII));
        return Optional.of(new Parsed(key.substring(idStart, secretStart - 1), secret));
    }

    static boolean isKeyId(String keyId) {
        return keyId != null && KEY_ID.matcher(keyId).matches();
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
