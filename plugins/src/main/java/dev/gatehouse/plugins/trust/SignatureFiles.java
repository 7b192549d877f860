package dev.gatehouse.plugins.trust;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** Parses the bytes of a {@code plugin.sig} into one of the {@link DetachedSignature} formats. */
final class SignatureFiles {

    /** Both formats are well under 1 KiB; anything this large is not a signature. */
    static final int MAX_BYTES = 16 * 1024;

    static final String ARMOR_BEGIN = "-----BEGIN SSH SIGNATURE-----";
    static final String ARMOR_END = "-----END SSH SIGNATURE-----";
    static final int SSHSIG_VERSION = 1;

    // Ceilings for each SSHSIG field; an Ed25519 signature needs far less than any of them.
    private static final int MAX_KEY_BLOB = 1024;
    private static final int MAX_NAMESPACE = 256;
    private static final int MAX_RESERVED = 1024;
    private static final int MAX_HASH_NAME = 32;
    private static final int MAX_SIGNATURE_BLOB = 1024;

    private SignatureFiles() {}

    static DetachedSignature parse(byte[] content) throws MalformedException {
        if (content.length > MAX_BYTES) {
            throw new MalformedException("signature file is larger than " + MAX_BYTES + " bytes");
        }
        for (byte b : content) {
            if (b < 0) {
                throw new MalformedException("signature file is not ASCII text");
            }
        }
        var lines = lines(new String(content, StandardCharsets.US_ASCII));
        if (!lines.isEmpty() && lines.getFirst().equals(ARMOR_BEGIN)) {
            return parseSshBlob(dearmor(lines));
        }
        if (lines.size() == 1) {
            return parseRaw(lines.getFirst());
        }
        throw new MalformedException("signature file is neither an SSH signature nor one base64 Ed25519 signature");
    }

    /** Lines without their terminators; a single final newline is allowed, blank lines elsewhere are not. */
    private static List<String> lines(String text) {
        var body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        var out = new ArrayList<String>();
        for (var line : body.split("\n", -1)) {
            out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        return out;
    }

    private static byte[] dearmor(List<String> lines) throws MalformedException {
        if (lines.size() < 3 || !lines.getLast().equals(ARMOR_END)) {
            throw new MalformedException("SSH signature armor is not closed by " + ARMOR_END);
        }
        var base64 = new StringBuilder();
        for (var line : lines.subList(1, lines.size() - 1)) {
            if (line.isEmpty() || line.startsWith("-----")) {
                throw new MalformedException("SSH signature armor has an unexpected line");
            }
            base64.append(line);
        }
        return decodeBase64(base64.toString(), "SSH signature body");
    }

    private static DetachedSignature parseRaw(String line) throws MalformedException {
        var signature = decodeBase64(line.strip(), "raw signature");
        if (signature.length != Ed25519Keys.SIGNATURE_BYTES) {
            throw new MalformedException("a raw Ed25519 signature is " + Ed25519Keys.SIGNATURE_BYTES
                    + " bytes, this one decodes to " + signature.length);
        }
        return new DetachedSignature.RawEd25519(signature);
    }

    static DetachedSignature.Ssh parseSshBlob(byte[] blob) throws MalformedException {
        var reader = new WireReader(blob);
        var magic = reader.fixed(6, "SSHSIG magic");
        if (!Arrays.equals(magic, DetachedSignature.SSHSIG_MAGIC.getBytes(StandardCharsets.US_ASCII))) {
            throw new MalformedException("SSH signature does not start with " + DetachedSignature.SSHSIG_MAGIC);
        }
        long version = reader.uint32("SSHSIG version");
        if (version != SSHSIG_VERSION) {
            throw new MalformedException("SSH signature version " + version + " is not supported");
        }
        var signer = Ed25519Keys.fromSshBlob(reader.string(MAX_KEY_BLOB, "signer public key"));
        var namespace = reader.utf8(MAX_NAMESPACE, "namespace");
        if (namespace.isEmpty()) {
            throw new MalformedException("SSH signature has an empty namespace");
        }
        var reserved = reader.string(MAX_RESERVED, "reserved field");
        var hashName = reader.utf8(MAX_HASH_NAME, "hash algorithm");
        var hash = DetachedSignature.HashAlgorithm.fromSshName(hashName)
                .orElseThrow(() -> new MalformedException(
                        "SSH signature hash algorithm " + UntrustedText.quote(hashName) + " is not supported"));
        var signature = parseSignatureBlob(reader.string(MAX_SIGNATURE_BLOB, "signature"));
        reader.requireEnd("SSH signature");
        return new DetachedSignature.Ssh(signer, namespace, reserved, hash, signature);
    }

    /** The SSH signature encoding for Ed25519: string "ssh-ed25519", string 64 bytes (RFC 8709 section 6). */
    private static byte[] parseSignatureBlob(byte[] blob) throws MalformedException {
        var reader = new WireReader(blob);
        var type = reader.utf8(64, "signature type");
        if (!type.equals(Ed25519Keys.SSH_TYPE)) {
            throw new MalformedException(
                    "signature type " + UntrustedText.quote(type) + " is not supported; only " + Ed25519Keys.SSH_TYPE);
        }
        var signature = reader.exactString(Ed25519Keys.SIGNATURE_BYTES, "Ed25519 signature");
        reader.requireEnd("signature blob");
        return signature;
    }

    private static byte[] decodeBase64(String text, String what) throws MalformedException {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedException(what + " is not valid base64", e);
        }
    }
}
