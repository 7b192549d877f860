package dev.gatehouse.plugins.trust;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 public keys in the two shapes publishers hand us: the JDK's X.509 SubjectPublicKeyInfo
 * and OpenSSH's wire blob. Both carry the same 32 raw bytes, which is what makes one fingerprint
 * (OpenSSH's) work for keys from either source.
 */
final class Ed25519Keys {

    static final String SSH_TYPE = "ssh-ed25519";
    static final int KEY_BYTES = 32;
    static final int SIGNATURE_BYTES = 64;

    /**
     * An Ed25519 SubjectPublicKeyInfo is always this DER prefix (SEQUENCE, AlgorithmIdentifier with
     * OID 1.3.101.112, BIT STRING header) followed by the 32 key bytes (RFC 8410 section 4).
     */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private Ed25519Keys() {}

    static PublicKey fromRaw(byte[] raw) throws MalformedException {
        if (raw.length != KEY_BYTES) {
            throw new MalformedException("an Ed25519 key is " + KEY_BYTES + " bytes, got " + raw.length);
        }
        var encoded = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + KEY_BYTES);
        System.arraycopy(raw, 0, encoded, SPKI_PREFIX.length, KEY_BYTES);
        return fromSubjectPublicKeyInfo(encoded);
    }

    static PublicKey fromSubjectPublicKeyInfo(byte[] encoded) throws MalformedException {
        if (!isEd25519Spki(encoded)) {
            throw new MalformedException("not an Ed25519 public key");
        }
        try {
            var key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
            // The key factory decodes the curve point lazily; initialising a verifier forces it, so a
            // key that is not a point on the curve is refused here rather than failing at verification.
            Signature.getInstance("Ed25519").initVerify(key);
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK lacks Ed25519", e);
        } catch (GeneralSecurityException e) {
            throw new MalformedException("not a valid Ed25519 public key", e);
        }
    }

    /** The 32 raw key bytes; throws for a key that is not Ed25519, which callers must never pass. */
    static byte[] raw(PublicKey key) {
        var encoded = key.getEncoded();
        if (encoded == null || !isEd25519Spki(encoded)) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return Arrays.copyOfRange(encoded, SPKI_PREFIX.length, encoded.length);
    }

    private static boolean isEd25519Spki(byte[] encoded) {
        return encoded.length == SPKI_PREFIX.length + KEY_BYTES
                && Arrays.equals(encoded, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length);
    }

    /** The OpenSSH wire blob: string "ssh-ed25519", string key (RFC 8709 section 4). */
    static byte[] sshBlob(PublicKey key) {
        return new WireWriter().string(SSH_TYPE).string(raw(key)).toByteArray();
    }

    static PublicKey fromSshBlob(byte[] blob) throws MalformedException {
        var reader = new WireReader(blob);
        var type = reader.utf8(64, "key type");
        if (!type.equals(SSH_TYPE)) {
            throw new MalformedException(
                    "key type " + UntrustedText.quote(type) + " is not supported; only " + SSH_TYPE);
        }
        var raw = reader.exactString(KEY_BYTES, "Ed25519 key");
        reader.requireEnd("public key blob");
        return fromRaw(raw);
    }

    /** What {@code ssh-keygen -l} prints: SHA-256 over the wire blob, unpadded base64. */
    static String fingerprint(PublicKey key) {
        var hash = sha256(sshBlob(key));
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(hash);
    }

    /** The key as one authorized_keys-style line, without a comment. */
    static String sshLine(PublicKey key) {
        return SSH_TYPE + " " + Base64.getEncoder().encodeToString(sshBlob(key));
    }

    static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            var verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (SignatureException e) {
            // The JDK throws instead of returning false for signatures that are not even well-formed
            // (wrong length, non-canonical scalar); for a verifier both mean "does not verify".
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK lacks Ed25519", e);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    static byte[] sha256(byte[] data) {
        return digest("SHA-256", data);
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK lacks " + algorithm, e);
        }
    }
}
