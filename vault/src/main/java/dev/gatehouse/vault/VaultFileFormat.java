package dev.gatehouse.vault;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes of {@code vault.enc}, version 1 (big-endian):
 *
 * <pre>
 * magic "GHVAULT" 0x00 | version u16 | salt[32] | key check: nonce[12] tag[16] | count u32
 * count x ( plugin: len u8, ASCII | name: len u8, ASCII | nonce[12] | ciphertext: len u32, bytes )
 * HMAC-SHA256 of everything before it [32]
 * </pre>
 *
 * A newer format raises the version; this reader refuses versions it does not know rather than
 * guess. Decoding checks, in order: shape of the header, master key, whole-file MAC, then entries.
 */
final class VaultFileFormat {

    static final int VERSION = 1;
    static final int MAX_ENTRIES = 4096;
    static final int MAX_FILE_BYTES = 16 * 1024 * 1024;
    static final int MAX_CIPHERTEXT = SecretValue.MAX_CHARS * 3 + VaultCrypto.TAG_BYTES;

    private static final byte[] MAGIC = {'G', 'H', 'V', 'A', 'U', 'L', 'T', 0};
    private static final int HEADER_BYTES = MAGIC.length + 2;
    private static final int MIN_BYTES = HEADER_BYTES
            + VaultCrypto.SALT_BYTES
            + VaultCrypto.NONCE_BYTES
            + VaultCrypto.TAG_BYTES
            + 4
            + VaultCrypto.MAC_BYTES;

    /** One entry as stored: its address in clear, its value sealed to that address. */
    record StoredEntry(SecretEntry address, byte[] nonce, byte[] ciphertext) {}

    /** A decoded file and the keys that opened it. */
    record Opened(byte[] salt, VaultCrypto crypto, List<StoredEntry> entries) {}

    private VaultFileFormat() {}

    static byte[] header() {
        var header = Arrays.copyOf(MAGIC, HEADER_BYTES);
        header[MAGIC.length] = (byte) (VERSION >>> 8);
        header[MAGIC.length + 1] = (byte) VERSION;
        return header;
    }

    static byte[] encode(byte[] salt, VaultCrypto crypto, List<StoredEntry> entries) {
        var bytes = new ByteArrayOutputStream(256 + entries.size() * 128);
        try (var out = new DataOutputStream(bytes)) {
            var header = header();
            out.write(header);
            out.write(salt);
            out.write(crypto.keyCheck(header));
            out.writeInt(entries.size());
            for (var e : entries) {
                writeName(out, e.address().plugin());
                writeName(out, e.address().name());
                out.write(e.nonce());
                out.writeInt(e.ciphertext().length);
                out.write(e.ciphertext());
            }
            out.flush();
            var body = bytes.toByteArray();
            out.write(crypto.mac(body, body.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeName(DataOutputStream out, String name) throws IOException {
        var ascii = name.getBytes(StandardCharsets.US_ASCII);
        out.writeByte(ascii.length);
        out.write(ascii);
    }

    static Opened decode(Path file, byte[] bytes, byte[] masterKey, SecureRandom random) {
        if (bytes.length < MIN_BYTES) {
            throw corrupted(file, "is truncated (" + bytes.length + " bytes)");
        }
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw corrupted(file, "is not a Gatehouse vault file (bad magic bytes)");
        }
        var in = ByteBuffer.wrap(bytes);
        in.position(MAGIC.length);
        int version = Short.toUnsignedInt(in.getShort());
        if (version != VERSION) {
            throw new VaultException(
                    version > VERSION ? VaultException.Reason.UNSUPPORTED_VERSION : VaultException.Reason.CORRUPTED,
                    file,
                    "the vault file " + file + " has format version " + version + "; this Gatehouse reads version "
                            + VERSION);
        }
        var salt = take(in, VaultCrypto.SALT_BYTES);
        var check = take(in, VaultCrypto.NONCE_BYTES + VaultCrypto.TAG_BYTES);
        var crypto = VaultCrypto.derive(masterKey, salt, random);
        if (!crypto.keyCheckHolds(Arrays.copyOf(bytes, HEADER_BYTES), check)) {
            throw new VaultException(
                    VaultException.Reason.WRONG_MASTER_KEY,
                    file,
                    "the master key does not open the vault file " + file
                            + " (wrong GATEHOUSE_MASTER_KEY or key file, or a damaged file header)");
        }
        int bodyLength = bytes.length - VaultCrypto.MAC_BYTES;
        if (!crypto.macHolds(bytes, bodyLength, Arrays.copyOfRange(bytes, bodyLength, bytes.length))) {
            throw corrupted(file, "failed its integrity check: it was damaged, truncated or edited");
        }
        try {
            var body = ByteBuffer.wrap(bytes, 0, bodyLength);
            body.position(in.position());
            return new Opened(salt, crypto, entries(file, body));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            // The MAC held, so only a writer with the key made this; still never trust a length.
            throw corrupted(file, "has a malformed entry table");
        }
    }

    private static List<StoredEntry> entries(Path file, ByteBuffer in) {
        int count = in.getInt();
        if (count < 0 || count > MAX_ENTRIES) {
            throw corrupted(file, "claims " + Integer.toUnsignedString(count) + " entries");
        }
        var entries = new ArrayList<StoredEntry>(count);
        for (int i = 0; i < count; i++) {
            var plugin = readName(in);
            var name = readName(in);
            SecretEntry address;
            try {
                address = new SecretEntry(plugin, name);
            } catch (VaultException e) {
                throw corrupted(file, "has an entry with an invalid name");
            }
            var nonce = take(in, VaultCrypto.NONCE_BYTES);
            int length = in.getInt();
            if (length < VaultCrypto.TAG_BYTES || length > MAX_CIPHERTEXT) {
                throw corrupted(file, "has an entry of impossible length");
            }
            entries.add(new StoredEntry(address, nonce, take(in, length)));
        }
        if (in.hasRemaining()) {
            throw corrupted(file, "has trailing bytes after its entries");
        }
        return List.copyOf(entries);
    }

    private static String readName(ByteBuffer in) {
        int length = Byte.toUnsignedInt(in.get());
        return new String(take(in, length), StandardCharsets.US_ASCII);
    }

    private static byte[] take(ByteBuffer in, int length) {
        var out = new byte[length];
        in.get(out);
        return out;
    }

    static VaultException corrupted(Path file, String what) {
        return new VaultException(VaultException.Reason.CORRUPTED, file, "the vault file " + file + " " + what);
    }
}
