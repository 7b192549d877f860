package dev.gatehouse.audit;

import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * Settles the Ed25519 signatures of a run of checkpoints whose chain has already been checked.
 *
 * <p>A checkpoint signs the hash of the record before it, and that hash commits, link by link, to
 * every record before it, earlier checkpoints and their signatures included. So once the chain up
 * to the last checkpoint of the run has verified, a valid signature on that checkpoint proves every
 * earlier one was written as it is by the key's holder: verifying each again would find nothing new
 * short of a SHA-256 collision. Only when the last one fails are the others verified, in order, so
 * that the first bad checkpoint is the one reported, as if each had been checked on its own.
 */
final class CheckpointSignatures {

    /** A checkpoint at {@code seq} and what its signature must cover. */
    record Signed(long seq, byte[] payload, byte[] signature) {}

    private CheckpointSignatures() {}

    /**
     * The first checkpoint of {@code signed} whose signature does not verify.
     *
     * @param signed checkpoints in chain order, the chain through the last of them verified
     */
    static Optional<Signed> firstBad(List<Signed> signed, PublicKey key) {
        if (signed.isEmpty() || verifies(signed.getLast(), key)) {
            return Optional.empty();
        }
        return signed.stream().filter(s -> !verifies(s, key)).findFirst();
    }

    private static boolean verifies(Signed s, PublicKey key) {
        return Checkpoints.verify(key, s.payload(), s.signature());
    }
}
