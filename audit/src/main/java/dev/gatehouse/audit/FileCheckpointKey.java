package dev.gatehouse.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;

/**
 * A checkpoint key kept in two PEM files: the private key (mode 0600, refused when anyone else may
 * read it) and its public key beside it with the suffix {@code .pub}. Meant for tests and homes
 * without a vault; the host passes a vault-backed {@link CheckpointSigner} instead. Keep a copy of
 * the public key somewhere the log's writer cannot change, and verify against that copy.
 */
public final class FileCheckpointKey {

    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private FileCheckpointKey() {}

    /** Loads the key at {@code privateKeyFile}, creating a fresh Ed25519 pair there first if none exists. */
    public static CheckpointSigner loadOrCreate(Path privateKeyFile, SecureRandom random) {
        try {
            if (!Files.exists(privateKeyFile)) {
                create(privateKeyFile, random);
            }
            var pair = load(privateKeyFile);
            return CheckpointSigner.fromKeyPair(() -> pair);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new AuditLogException(
                    AuditLogException.Problem.KEY, "cannot load the checkpoint key", privateKeyFile, e);
        }
    }

    /** The public key file written beside {@code privateKeyFile}. */
    public static Path publicKeyFile(Path privateKeyFile) {
        return privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub");
    }

    /** Reads an Ed25519 public key from a PEM file, as written beside the private key. */
    public static PublicKey readPublicKey(Path file) {
        try {
            var der = pem(Files.readString(file, StandardCharsets.US_ASCII), PUBLIC);
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new AuditLogException(
                    AuditLogException.Problem.KEY, "cannot read an Ed25519 public key from the file", file, e);
        }
    }

    private static void create(Path file, SecureRandom random) throws IOException, GeneralSecurityException {
        var generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(255, random);
        var pair = generator.generateKeyPair();
        Files.createDirectories(file.toAbsolutePath().getParent());
        var owner = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
        try {
            Files.write(
                    Files.createFile(file, owner),
                    toPem(PRIVATE, pair.getPrivate().getEncoded()),
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            return; // another process created it first; load theirs
        }
        Files.write(publicKeyFile(file), toPem(PUBLIC, pair.getPublic().getEncoded()));
    }

    private static KeyPair load(Path file) throws IOException, GeneralSecurityException {
        var mode = Files.getPosixFilePermissions(file);
        if (!EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)
                .containsAll(mode)) {
            throw new IOException("the checkpoint key file is readable or writable by others; expected mode 0600");
        }
        var keys = KeyFactory.getInstance("Ed25519");
        var privateKey = keys.generatePrivate(
                new PKCS8EncodedKeySpec(pem(Files.readString(file, StandardCharsets.US_ASCII), PRIVATE)));
        var publicKey = readPublicKey(publicKeyFile(file));
        return new KeyPair(publicKey, privateKey);
    }

    private static byte[] toPem(String label, byte[] der) {
        return ("-----BEGIN " + label + "-----\n"
                        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                        + "\n-----END " + label + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] pem(String text, String label) {
        var begin = "-----BEGIN " + label + "-----";
        var end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("not a PEM " + label);
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }
}
