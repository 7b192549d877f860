package dev.gatehouse.plugins.trust;

import dev.gatehouse.api.trust.TrustLevel;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An Ed25519 key the operator trusts to sign for a publisher.
 *
 * @param publisher the publisher name, {@code ^[a-z0-9][a-z0-9._-]{0,63}$}
 * @param level official or community; never unknown
 * @param fingerprint {@code SHA256:...} exactly as {@code ssh-keygen -l} prints it for this key
 * @param key the Ed25519 public key
 * @param added when the operator first trusted this key for this publisher (a later level change keeps it)
 * @throws IllegalArgumentException for an invalid publisher name, the unknown level, a key that is
 *     not Ed25519, or a fingerprint that is not the key's
 */
public record PublisherKey(String publisher, TrustLevel level, String fingerprint, PublicKey key, Instant added) {

    static final Pattern PUBLISHER_NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,63}$");

    public PublisherKey {
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(added, "added");
        if (!isValidPublisher(publisher)) {
            throw new IllegalArgumentException("invalid publisher name " + UntrustedText.quote(publisher));
        }
        if (level == TrustLevel.UNKNOWN) {
            throw new IllegalArgumentException("a trusted key is official or community, not unknown");
        }
        // The fingerprint is derived, never chosen: a mismatch would let a display lie about the key.
        if (!fingerprint.equals(Ed25519Keys.fingerprint(key))) {
            throw new IllegalArgumentException("fingerprint does not match the key");
        }
    }

    static boolean isValidPublisher(String name) {
        return PUBLISHER_NAME.matcher(name).matches();
    }

    PublisherKey withLevel(TrustLevel newLevel) {
        return new PublisherKey(publisher, newLevel, fingerprint, key, added);
    }
}
