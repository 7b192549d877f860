package dev.gatehouse.plugins.lifecycle;

import dev.gatehouse.plugins.capability.CapabilityDiff;
import dev.gatehouse.plugins.capability.CapabilityDiff.Change;
import dev.gatehouse.plugins.capability.CapabilityDiff.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who vouches for a new version, against the version the operator consented to: its signature,
 * the publisher whose key verified it, that key, and the trust level that follows. A weaker
 * guarantee is a change the operator must consent to, like a wider capability: a signed
 * {@code official} plugin updated to an unsigned tree must not become active quietly.
 */
final class ProvenanceChange {

    private ProvenanceChange() {}

    /** The diff with any provenance changes from {@code consented} to {@code next} added. */
    static CapabilityDiff with(CapabilityDiff diff, InstalledVersion consented, InstalledVersion next) {
        var changes = new ArrayList<>(diff.changes());
        changes.addAll(between(consented, next));
        return new CapabilityDiff(changes);
    }

    static List<Change> between(InstalledVersion consented, InstalledVersion next) {
        var out = new ArrayList<Change>();
        if (!consented.signature().equals(next.signature())) {
            // Only "verified" is a guarantee; any move away from it (or between the others) asks again.
            var kind = next.signature().equals("verified") ? Kind.LOWERED : Kind.CHANGED;
            out.add(new Change("signature", kind, next.signature(), consented.signature() + " -> " + next.signature()));
        }
        var signerBefore = consented.signedBy().orElse("");
        var signerAfter = next.signedBy().orElse("");
        if (!signerBefore.equals(signerAfter) && !signerAfter.isEmpty()) {
            out.add(new Change("signer", Kind.CHANGED, signerAfter, show(signerBefore) + " -> " + show(signerAfter)));
        }
        if (!signerBefore.isEmpty()
                && signerBefore.equals(signerAfter)
                && !Objects.equals(consented.keyFingerprint(), next.keyFingerprint())) {
            out.add(new Change(
                    "signer",
                    Kind.CHANGED,
                    signerAfter,
                    "key " + consented.keyFingerprint().orElse("(none)") + " -> "
                            + next.keyFingerprint().orElse("(none)")));
        }
        var before = consented.trustLevel();
        var after = next.trustLevel();
        if (before != after) {
            // Less trust is the widening here: the operator relied on the old level.
            out.add(new Change(
                    "trust",
                    after.atLeast(before) ? Kind.LOWERED : Kind.CHANGED,
                    after.word(),
                    before.word() + " -> " + after.word()));
        }
        return out;
    }

    private static String show(String signer) {
        return signer.isEmpty() ? "(none)" : signer;
    }
}
