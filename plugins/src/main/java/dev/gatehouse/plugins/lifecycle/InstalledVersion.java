package dev.gatehouse.plugins.lifecycle;

import dev.gatehouse.api.trust.TrustLevel;
import dev.gatehouse.plugins.capability.CapabilitySet;
import java.time.Instant;
import java.util.Optional;

/**
 * One installed version of a plugin, as recorded at install time.
 *
 * @param directory the tree's directory name under {@code plugins/<name>/versions/}
 * @param digest content digest of the tree ({@code sha256:...}); verify re-hashes against it
 * @param source the source as the operator gave it
 * @param commit for git sources, the commit the install is pinned to
 * @param signature unsigned, verified or unverifiable
 * @param signedBy the publisher whose trusted key verified the signature
 */
public record InstalledVersion(
        String version,
        String directory,
        String digest,
        String source,
        Optional<String> commit,
        String signature,
        TrustLevel trustLevel,
        Optional<String> signedBy,
        Optional<String> keyFingerprint,
        Instant installedAt,
        String installedBy,
        CapabilitySet capabilities) {}
