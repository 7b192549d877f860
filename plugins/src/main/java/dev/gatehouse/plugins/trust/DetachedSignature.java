package dev.gatehouse.plugins.trust;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Optional;

/** A parsed {@code plugin.sig}: the formats publishers may ship. */
sealed interface DetachedSignature {

    String SSHSIG_MAGIC = "SSHSIG";

    /**
     * An OpenSSH {@code ssh-keygen -Y sign} signature (PROTOCOL.sshsig). It names its signer, so the
     * trust store is asked about that one key; the signature itself signs a hash of the message
     * wrapped with the namespace, never the message directly.
     */
    record Ssh(PublicKey signer, String namespace, byte[] reserved, HashAlgorithm hash, byte[] signature)
            implements DetachedSignature {

        /** The structure the signer actually signed (PROTOCOL.sshsig section 3). */
        byte[] signedData(byte[] message) {
            return new WireWriter()
                    .raw(SSHSIG_MAGIC.getBytes(StandardCharsets.US_ASCII))
                    .string(namespace)
                    .string(reserved)
                    .string(hash.sshName())
                    .string(Ed25519Keys.digest(hash.jdkName(), message))
                    .toByteArray();
        }
    }

    /** 64 bytes of Ed25519 over the message itself, made with any Ed25519 key (typically the JDK's). */
    record RawEd25519(byte[] signature) implements DetachedSignature {}

    /** The message hashes PROTOCOL.sshsig allows. */
    enum HashAlgorithm {
        SHA256("sha256", "SHA-256"),
        SHA512("sha512", "SHA-512");

        private final String sshName;
        private final String jdkName;

        HashAlgorithm(String sshName, String jdkName) {
            this.sshName = sshName;
            this.jdkName = jdkName;
        }

        String sshName() {
            return sshName;
        }

        String jdkName() {
            return jdkName;
        }

        static Optional<HashAlgorithm> fromSshName(String name) {
            for (var algorithm : values()) {
                if (algorithm.sshName.equals(name)) {
                    return Optional.of(algorithm);
                }
            }
            return Optional.empty();
        }
    }
}
