package dev.gatehouse.plugins.trust;

import dev.gatehouse.api.trust.TrustLevel;
import java.util.Objects;
import java.util.Optional;

/**
 * Who vouches for a plugin tree. Only a {@link SignatureStatus#VERIFIED} provenance names a
 * publisher and key, and only it carries a level above {@link TrustLevel#UNKNOWN}; the constructor
 * holds every instance to that, so no caller can build a trusted-looking unverified one.
 *
 * @param status what the signature check established
 * @param level the verifying key's trust level, {@code UNKNOWN} unless verified
 * @param publisher the verified publisher
 * @param keyFingerprint the verifying key, as {@code ssh-keygen -l} prints it
 */
public record Provenance(
        SignatureStatus status, TrustLevel level, Optional<String> publisher, Optional<String> keyFingerprint) {

    public Provenance {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        boolean verified = status == SignatureStatus.VERIFIED;
        if (verified != (level != TrustLevel.UNKNOWN)
                || verified != publisher.isPresent()
                || verified != keyFingerprint.isPresent()) {
            throw new IllegalArgumentException(
                    "only a verified provenance has a publisher, a key and a level above unknown");
        }
    }

    static Provenance unsigned() {
        return new Provenance(SignatureStatus.UNSIGNED, TrustLevel.UNKNOWN, Optional.empty(), Optional.empty());
    }

    static Provenance unverifiable() {
        return new Provenance(SignatureStatus.UNVERIFIABLE, TrustLevel.UNKNOWN, Optional.empty(), Optional.empty());
    }

    static Provenance verified(PublisherKey key) {
        return new Provenance(
                SignatureStatus.VERIFIED, key.level(), Optional.of(key.publisher()), Optional.of(key.fingerprint()));
    }
}
