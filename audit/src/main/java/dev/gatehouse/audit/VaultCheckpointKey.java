package dev.gatehouse.audit;

import dev.gatehouse.vault.SecretEntry;
import dev.gatehouse.vault.SecretValue;
import dev.gatehouse.vault.Vault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * The checkpoint signing key, held in the vault under the host's own namespace. Its public half is
 * written beside the log ({@code checkpoint-key.pub}) so that {@code gatehouse audit verify}, and
 * anyone given a copy, can check checkpoints without the vault.
 */
public final class VaultCheckpointKey {

    static final String PRIVATE_NAME = "AUDIT_CHECKPOINT_KEY";
    static final String PUBLIC_NAME = "AUDIT_CHECKPOINT_PUBLIC_KEY";
    public static final String PUBLIC_KEY_FILE = "checkpoint-key.pub";

    private VaultCheckpointKey() {}

    public static CheckpointSigner loadOrCreate(Vault vault, Path auditDir, SecureRandom random) {
        try {
            var pair = load(vault).orElse(null);
            if (pair == null) {
                var generator = KeyPairGenerator.getInstance("Ed25519");
                generator.initialize(255, random);
                pair = generator.generateKeyPair();
                store(vault, PRIVATE_NAME, pair.getPrivate().getEncoded());
                store(vault, PUBLIC_NAME, pair.getPublic().getEncoded());
            }
            writePublic(auditDir.resolve(PUBLIC_KEY_FILE), pair.getPublic().getEncoded());
            var keys = pair;
            return CheckpointSigner.fromKeyPair(() -> keys);
        } catch (GeneralSecurityException | IOException e) {
            throw new AuditLogException(
                    AuditLogException.Problem.KEY,
                    "cannot load or create the checkpoint key in the vault",
                    auditDir,
                    e);
        }
    }

    /** Both halves in one vault read (the file backend decrypts its file once, not twice). */
    private static java.util.Optional<KeyPair> load(Vault vault) throws GeneralSecurityException {
        var privateEntry = new SecretEntry(Vault.HOST_NAMESPACE, PRIVATE_NAME);
        var publicEntry = new SecretEntry(Vault.HOST_NAMESPACE, PUBLIC_NAME);
        var values = vault.getAll(List.of(privateEntry, publicEntry));
        try {
            var priv = values.get(privateEntry);
            var pub = values.get(publicEntry);
            if (priv == null || pub == null) {
                return java.util.Optional.empty();
            }
            var factory = KeyFactory.getInstance("Ed25519");
            return java.util.Optional.of(new KeyPair(
                    factory.generatePublic(
                            new X509EncodedKeySpec(Base64.getDecoder().decode(pub.reveal()))),
                    factory.generatePrivate(
                            new PKCS8EncodedKeySpec(Base64.getDecoder().decode(priv.reveal())))));
        } finally {
            values.values().forEach(SecretValue::wipe);
        }
    }

    private static void store(Vault vault, String name, byte[] der) {
        try (var value =
                SecretValue.copyOf(Base64.getEncoder().encodeToString(der).toCharArray())) {
            vault.set(Vault.HOST_NAMESPACE, name, value);
        }
    }

    private static void writePublic(Path file, byte[] der) throws IOException {
        Files.createDirectories(file.getParent());
        var pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        if (!Files.exists(file)
                || !Files.readString(file, StandardCharsets.US_ASCII).equals(pem)) {
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
        }
    }
}
