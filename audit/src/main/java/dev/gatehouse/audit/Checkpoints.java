package dev.gatehouse.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HexFormat;

/** What a checkpoint signs and how it is checked. */
final class Checkpoints {

    static final String TYPE = "audit.checkpoint";
    static final String REASON_INTERVAL = "interval";
    static final String REASON_ROTATION = "rotation";
    static final String REASON_CLOSE = "close";

    private Checkpoints() {}

    /**
     * The signed bytes: a domain tag, then the sequence number and hash of the record the
     * checkpoint covers, then the checkpoint's time, so a signature cannot be replayed elsewhere.
     */
    static byte[] payload(long sequence, String headHex, String time) {
        return ("gatehouse-audit-checkpoint-v1\n" + sequence + "\n" + headHex + "\n" + time + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A short, stable name for a public key: the first 16 hex digits of SHA-256 over its encoding. */
    static String keyId(PublicKey key) {
        var digest = RecordCodec.sha256().digest(key.getEncoded());
        return HexFormat.of().formatHex(digest, 0, 8);
    }

    static boolean verify(PublicKey key, byte[] payload, byte[] signature) {
        try {
            var s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(payload);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
