package dev.gatehouse.plugins.lifecycle;

import dev.gatehouse.api.manifest.PluginManifest;
import dev.gatehouse.config.PluginPolicy;
import dev.gatehouse.plugins.trust.Provenance;
import dev.gatehouse.plugins.trust.SignatureStatus;

/** Applies the operator's plugin policy to a validated manifest and its provenance. */
final class InstallPolicy {

    private InstallPolicy() {}

    /**
     * @param publisherHasKeys whether the publisher the manifest claims has keys in the trust store;
     *     then an allowlisted name must also be signed by one of them, or anyone could claim it
     */
    static void check(PluginManifest m, Provenance provenance, PluginPolicy policy, boolean publisherHasKeys) {
        var name = m.name();
        if (!policy.allowlist().isEmpty()) {
            var allowed = policy.allowed(name)
                    .orElseThrow(() -> new PolicyRefusedException(
                            PolicyRefusedException.Reason.NOT_ALLOWLISTED,
                            name,
                            "refused: plugin '" + name
                                    + "' is not on the operator's allowlist (gatehouse.yaml plugins.allowlist)"));
            var pkg = m.packageName().orElse("(none)");
            var publisher = m.publisher().orElse("(none)");
            if (!allowed.packageName().equals(pkg) || !allowed.publisher().equals(publisher)) {
                throw new PolicyRefusedException(
                        PolicyRefusedException.Reason.SQUATTING,
                        name,
                        "SECURITY: refused: the name '" + name + "' is allowlisted for package '"
                                + allowed.packageName() + "' from publisher '" + allowed.publisher()
                                + "', but this plugin claims package '" + pkg + "' from publisher '" + publisher
                                + "'. Another plugin may be squatting on a trusted name.");
            }
            if (publisherHasKeys && provenance.status() != SignatureStatus.VERIFIED) {
                throw new PolicyRefusedException(
                        PolicyRefusedException.Reason.SQUATTING,
                        name,
                        "SECURITY: refused: '" + name + "' claims the allowlisted publisher '" + publisher
                                + "', whose keys are trusted, but is not signed by any of them.");
            }
        }
        if (policy.requireSigned() && provenance.status() != SignatureStatus.VERIFIED) {
            throw new PolicyRefusedException(
                    PolicyRefusedException.Reason.UNSIGNED,
                    name,
                    "refused: the operator requires signed plugins (plugins.require_signed) and '" + name
                            + "' is " + provenance.status().name().toLowerCase(java.util.Locale.ROOT)
                            + " (a signature must verify against a trusted publisher key)");
        }
        if (!provenance.level().atLeast(policy.minimumTrustLevel())) {
            throw new PolicyRefusedException(
                    PolicyRefusedException.Reason.TRUST_TOO_LOW,
                    name,
                    "refused: '" + name + "' has trust level "
                            + provenance.level().word()
                            + ", below the operator's minimum "
                            + policy.minimumTrustLevel().word()
                            + " (plugins.minimum_trust_level)");
        }
    }
}
