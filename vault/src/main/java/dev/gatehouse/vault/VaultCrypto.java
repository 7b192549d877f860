package dev.gatehouse.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KDF;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.HKDFParameterSpec;

/**
 * The keys of one vault file, derived from the master key with HKDF-SHA256, and what is done with
 * them: AES-256-GCM per entry (fresh 96-bit nonce each time, the entry's address as associated
 * data), a key check that tells a wrong master key from a damaged file, and an HMAC over the whole
 * file so that no entry can be dropped, added or replaced by an older one unnoticed.
 */
final class VaultCrypto {

    static final int MASTER_KEY_BYTES = 32;
    static final int SALT_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    static final int MAC_BYTES = 32;

    private static final int TAG_BITS = TAG_BYTES * 8;
    private static final byte[] ENTRY_AD_PREFIX = "gatehouse-vault-entry-v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKey checkKey;
    private final SecretKey entryKey;
    private final SecretKey macKey;
    private final SecureRandom random;

    private VaultCrypto(SecretKey checkKey, SecretKey entryKey, SecretKey macKey, SecureRandom random) {
        this.checkKey = checkKey;
        this.entryKey = entryKey;
        this.macKey = macKey;
        this.random = random;
    }

    /** Derives the file's keys; the salt is the file's own, so two files never share entry keys. */
    static VaultCrypto derive(byte[] masterKey, byte[] salt, SecureRandom random) {
        if (masterKey.length != MASTER_KEY_BYTES) {
            throw new IllegalArgumentException("a master key has " + MASTER_KEY_BYTES + " bytes");
        }
        try {
            var hkdf = KDF.getInstance("HKDF-SHA256");
            // The check key does not depend on the salt: a damaged salt then shows as a failed
            // integrity check, not as a wrong key.
            var check = hkdf.deriveKey(
                    "AES",
                    HKDFParameterSpec.ofExtract().addIKM(masterKey).thenExpand(info("key-check"), MASTER_KEY_BYTES));
            var entries = hkdf.deriveKey(
                    "AES",
                    HKDFParameterSpec.ofExtract()
                            .addIKM(masterKey)
                            .addSalt(salt)
                            .thenExpand(info("entries"), MASTER_KEY_BYTES));
            var mac = hkdf.deriveKey(
                    "HmacSHA256",
                    HKDFParameterSpec.ofExtract()
                            .addIKM(masterKey)
                            .addSalt(salt)
                            .thenExpand(info("file-mac"), MASTER_KEY_BYTES));
            return new VaultCrypto(check, entries, mac, random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 is not available", e);
        }
    }

    private static byte[] info(String purpose) {
        return ("gatehouse vault v1 " + purpose).getBytes(StandardCharsets.US_ASCII);
    }

    byte[] freshNonce() {
        var nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return nonce;
    }

    /** Nonce and tag of an empty message under the check key, bound to the file's header. */
    byte[] keyCheck(byte[] header) {
        var nonce = freshNonce();
        var tag = seal(checkKey, nonce, header, new byte[0]);
        return concat(nonce, tag);
    }

    boolean keyCheckHolds(byte[] header, byte[] check) {
        var nonce = Arrays.copyOfRange(check, 0, NONCE_BYTES);
        var tag = Arrays.copyOfRange(check, NONCE_BYTES, check.length);
        try {
            open(checkKey, nonce, header, tag);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        }
    }

    byte[] seal(SecretEntry address, byte[] nonce, byte[] plaintext) {
        return seal(entryKey, nonce, associatedData(address), plaintext);
    }

    /** The plaintext; throws when the ciphertext was not made for this address under this key. */
    byte[] open(SecretEntry address, byte[] nonce, byte[] ciphertext) throws AEADBadTagException {
        return open(entryKey, nonce, associatedData(address), ciphertext);
    }

    byte[] mac(byte[] data, int length) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    boolean macHolds(byte[] data, int length, byte[] expected) {
        return MessageDigest.isEqual(mac(data, length), expected);
    }

    /** Length-prefixed, so that no two different addresses give the same bytes. */
    static byte[] associatedData(SecretEntry address) {
        var plugin = address.plugin().getBytes(StandardCharsets.US_ASCII);
        var name = address.name().getBytes(StandardCharsets.US_ASCII);
        var ad = new byte[ENTRY_AD_PREFIX.length + 2 + plugin.length + name.length];
        int at = 0;
        System.arraycopy(ENTRY_AD_PREFIX, 0, ad, at, ENTRY_AD_PREFIX.length);
        at += ENTRY_AD_PREFIX.length;
        ad[at++] = (byte) plugin.length;
        System.arraycopy(plugin, 0, ad, at, plugin.length);
        at += plugin.length;
        ad[at++] = (byte) name.length;
        System.arraycopy(name, 0, ad, at, name.length);
        return ad;
    }

    private static byte[] seal(SecretKey key, byte[] nonce, byte[] ad, byte[] plaintext) {
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(ad);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] open(SecretKey key, byte[] nonce, byte[] ad, byte[] ciphertext) throws AEADBadTagException {
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(ad);
            return cipher.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        var out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
