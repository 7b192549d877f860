package dev.gatehouse.vault;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Reading a 256-bit master key written as hex or base64; messages never repeat what was given. */
final class MasterKeys {

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]{43}=?");

    private MasterKeys() {}

    /** The 32 key bytes, or a {@link VaultException} saying what shape was expected and where from. */
    static byte[] parse(String text, String source) {
        var trimmed = text.strip();
        if (HEX.matcher(trimmed).matches()) {
            return HexFormat.of().parseHex(trimmed);
        }
        if (BASE64.matcher(trimmed).matches()) {
            var unpadded = trimmed.endsWith("=") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
            var standard = unpadded.replace('-', '+').replace('_', '/');
            var bytes = Base64.getDecoder().decode(standard + "=");
            if (bytes.length == VaultCrypto.MASTER_KEY_BYTES) {
                return bytes;
            }
        }
        throw new VaultException(
                VaultException.Reason.WRONG_MASTER_KEY,
                null,
                source + " is not a 256-bit key: give 64 hex digits or 44 base64 characters"
                        + " (for example from: openssl rand -base64 32)");
    }

    static String format(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }

    static byte[] formatLine(byte[] key) {
        return (format(key) + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
