package dev.gatehouse.audit;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Holds the log against the checkpoints its witnesses kept. The chain alone cannot show what is
 * missing at its end, nor a history rewritten by whoever holds the signing key; copies kept
 * elsewhere can: a witnessed checkpoint of record N means the log had N records, and record N had
 * exactly that hash.
 */
public final class WitnessCheck {

    /** What the witnesses show. */
    public enum Kind {
        /** The log has no records, but witnesses hold checkpoints. */
        WIPED,
        /** The log ends before a record a witness holds a checkpoint of. */
        TRUNCATED,
        /** A record the log has differs from the one a witness saw: the log was rewritten from there. */
        REWRITTEN,
        /** Witnessed checkpoints were signed with another key than the log's. */
        OTHER_KEY,
        /** A witnessed checkpoint's signature does not verify: the witness copy is not genuine. */
        BAD_SIGNATURE
    }

    /** @param sequence the record concerned */
    public record Finding(Kind kind, long sequence, String detail) {}

    private static final Pattern HASH_AT_END = Pattern.compile("\\\"hash\\\":\\\"([0-9a-f]{64})\\\"}$");

    private WitnessCheck() {}

    /**
     * @param report the log's own verification, which says how far the chain holds
     * @return every disagreement, empty when the log holds everything its witnesses saw
     */
    public static List<Finding> check(
            Path dir, PublicKey trustedKey, VerificationReport report, List<WitnessedCheckpoint> witnessed) {
        var findings = new ArrayList<Finding>();
        if (witnessed.isEmpty()) {
            return findings;
        }
        var keyId = Checkpoints.keyId(trustedKey);
        var genuine = new ArrayList<WitnessedCheckpoint>();
        var otherKeys = new TreeSet<String>();
        for (var w : witnessed) {
            if (!w.keyId().equals(keyId)) {
                otherKeys.add(w.keyId());
            } else if (signatureHolds(trustedKey, w)) {
                genuine.add(w);
            } else {
                findings.add(new Finding(
                        Kind.BAD_SIGNATURE,
                        w.sequence(),
                        "the witnessed checkpoint of record " + w.sequence() + " does not verify with key " + keyId));
            }
        }
        if (!otherKeys.isEmpty()) {
            findings.add(new Finding(
                    Kind.OTHER_KEY,
                    0,
                    "witnesses hold checkpoints signed with key(s) " + otherKeys + ", the log's key is " + keyId
                            + ": the log may have been re-signed with a new key"));
        }
        long last = report.lastSequence();
        long highest = witnessed.stream()
                .mapToLong(WitnessedCheckpoint::sequence)
                .max()
                .orElse(0);
        if (last == 0) {
            findings.add(new Finding(
                    Kind.WIPED,
                    highest,
                    "the log holds no records, but witnesses hold checkpoints up to record " + highest));
            return findings;
        }
        if (highest > last) {
            findings.add(new Finding(
                    Kind.TRUNCATED,
                    highest,
                    "witnesses hold a checkpoint of record " + highest + ", but the log "
                            + (report.intact() ? "ends" : "holds together only up to") + " at record " + last));
        }
        var wanted = new TreeSet<Long>();
        genuine.stream().filter(w -> w.sequence() <= last).forEach(w -> wanted.add(w.sequence()));
        var hashes = hashesOf(dir, wanted);
        for (var w : genuine) {
            if (w.sequence() > last) {
                continue;
            }
            var hash = hashes.get(w.sequence());
            if (hash == null || !hash.equals(w.head())) {
                findings.add(new Finding(
                        Kind.REWRITTEN,
                        w.sequence(),
                        "record " + w.sequence() + " is not the one witnessed at " + w.time()
                                + ": the log was rewritten from there on"));
                break;
            }
        }
        return findings;
    }

    private static boolean signatureHolds(PublicKey key, WitnessedCheckpoint w) {
        try {
            var signature = Base64.getDecoder().decode(w.signature());
            return Checkpoints.verify(key, Checkpoints.payload(w.sequence(), w.head(), w.time()), signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The stored hash of each wanted record, from one pass over the log. */
    private static Map<Long, String> hashesOf(Path dir, Set<Long> wanted) {
        var hashes = new HashMap<Long, String>();
        if (wanted.isEmpty()) {
            return hashes;
        }
        AuditReader.forEach(dir, entry -> {
            if (wanted.contains(entry.sequence())) {
                var m = HASH_AT_END.matcher(entry.line());
                if (m.find()) {
                    hashes.put(entry.sequence(), m.group(1));
                }
            }
        });
        return hashes;
    }
}
