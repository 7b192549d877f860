package dev.gatehouse.audit;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.util.function.Supplier;

/**
 * Signs audit checkpoints with an Ed25519 key. The host passes one backed by the vault (the key
 * held under the plugin namespace {@code gatehouse}); {@link FileCheckpointKey} gives a file-backed
 * one for tests and for a home without a vault. Implementations never expose the private key.
 */
public interface CheckpointSigner {

    /** The Ed25519 public key checkpoints verify against. */
    PublicKey publicKey();

    /** An Ed25519 signature over {@code payload}. */
    byte[] sign(byte[] payload);

    /** A signer over a key pair fetched from {@code keys} each time, so a rotated key takes effect. */
    static CheckpointSigner fromKeyPair(Supplier<KeyPair> keys) {
        return new CheckpointSigner() {
            @Override
            public PublicKey publicKey() {
                return keys.get().getPublic();
            }

            @Override
            public byte[] sign(byte[] payload) {
                try {
                    var s = Signature.getInstance("Ed25519");
                    s.initSign(keys.get().getPrivate());
                    s.update(payload);
                    return s.sign();
                } catch (GeneralSecurityException e) {
                    throw new AuditLogException(
                            AuditLogException.Problem.KEY, "the checkpoint key cannot sign (Ed25519)", null, e);
                }
            }

            @Override
            public String toString() {
                return "CheckpointSigner[Ed25519]";
            }
        };
    }
}
