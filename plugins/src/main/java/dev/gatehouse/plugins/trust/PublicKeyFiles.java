package dev.gatehouse.plugins.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the key file an operator passes to {@code gatehouse trust add}: one OpenSSH public key line
 * or a PEM SubjectPublicKeyInfo. Messages never quote the file beyond a sanitized key type, since
 * an operator who passes the wrong file might pass a private one.
 */
final class PublicKeyFiles {

    private static final int MAX_BYTES = 16 * 1024;
    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";
    private static final Pattern SSH_KEY_TYPE = Pattern.compile("^(ssh-|ecdsa-|sk-)[a-z0-9@.-]{1,80}$");
    /** Other algorithms a PEM public key may hold, tried only to name them in the refusal. */
    private static final List<String> OTHER_ALGORITHMS = List.of("RSA", "EC", "DSA", "Ed448", "X25519", "X448");

    private PublicKeyFiles() {}

    static PublicKey read(Path file) {
        var text = new String(readBounded(file), StandardCharsets.UTF_8).strip();
        if (text.contains("PRIVATE KEY-----")) {
            throw malformed(file, "holds a private key; pass the public key (.pub or PEM PUBLIC KEY) instead");
        }
        if (text.startsWith("-----BEGIN ")) {
            return readPem(file, text);
        }
        return readSshLine(file, text);
    }

    private static PublicKey readSshLine(Path file, String text) {
        if (text.isEmpty() || text.contains("\n")) {
            throw malformed(file, "must hold exactly one OpenSSH public key line or one PEM PUBLIC KEY");
        }
        var fields = text.split("[ \t]+", 3);
        var type = fields[0];
        if (!type.equals(Ed25519Keys.SSH_TYPE)) {
            if (SSH_KEY_TYPE.matcher(type).matches()) {
                throw new TrustStoreException(
                        TrustStoreException.Reason.UNSUPPORTED_KEY_TYPE,
                        file + " holds an " + UntrustedText.quote(type) + " key; only ssh-ed25519 keys can be trusted",
                        Optional.empty(),
                        Optional.of(file));
            }
            throw malformed(file, "is not an OpenSSH public key line (ssh-ed25519 AAAA... comment)");
        }
        if (fields.length < 2) {
            throw malformed(file, "has a key type but no key");
        }
        try {
            return Ed25519Keys.fromSshBlob(decodeBase64(file, fields[1]));
        } catch (MalformedException e) {
            throw malformed(file, "does not hold a valid ssh-ed25519 key: " + e.getMessage(), e);
        }
    }

    private static PublicKey readPem(Path file, String text) {
        var lines = text.lines().map(String::strip).toList();
        if (!lines.getFirst().equals(PEM_BEGIN)) {
            throw malformed(file, "is a PEM file but not a PUBLIC KEY (SubjectPublicKeyInfo)");
        }
        if (lines.size() < 3 || !lines.getLast().equals(PEM_END)) {
            throw malformed(file, "is not closed by " + PEM_END);
        }
        var der = decodeBase64(file, String.join("", lines.subList(1, lines.size() - 1)));
        try {
            return Ed25519Keys.fromSubjectPublicKeyInfo(der);
        } catch (MalformedException e) {
            var other = otherAlgorithm(der);
            if (other.isPresent()) {
                throw new TrustStoreException(
                        TrustStoreException.Reason.UNSUPPORTED_KEY_TYPE,
                        file + " holds an " + other.get() + " key; only Ed25519 keys can be trusted",
                        Optional.empty(),
                        Optional.of(file),
                        e);
            }
            throw malformed(file, "does not hold a valid public key", e);
        }
    }

    private static Optional<String> otherAlgorithm(byte[] der) {
        for (var algorithm : OTHER_ALGORITHMS) {
            try {
                KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                return Optional.of(algorithm);
            } catch (GeneralSecurityException notThisOne) {
                // Expected for every algorithm but the key's own; the caller reports "malformed" if none fits.
                continue;
            }
        }
        return Optional.empty();
    }

    private static byte[] readBounded(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            var bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw malformed(file, "is larger than " + MAX_BYTES + " bytes; a public key is one short line");
            }
            return bytes;
        } catch (IOException e) {
            throw new TrustStoreException(
                    TrustStoreException.Reason.IO_FAILURE,
                    "cannot read key file " + file + ": " + e.getClass().getSimpleName(),
                    Optional.empty(),
                    Optional.of(file),
                    e);
        }
    }

    private static byte[] decodeBase64(Path file, String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw malformed(file, "has a key that is not valid base64", e);
        }
    }

    private static TrustStoreException malformed(Path file, String problem) {
        return malformed(file, problem, null);
    }

    private static TrustStoreException malformed(Path file, String problem, Throwable cause) {
        return new TrustStoreException(
                TrustStoreException.Reason.MALFORMED_KEY,
                "key file " + file + " " + problem,
                Optional.empty(),
                Optional.of(file),
                cause);
    }
}
