package dev.gatehouse.cli;

import dev.gatehouse.audit.AuditVerifier;
import dev.gatehouse.audit.FileCheckpointKey;
import dev.gatehouse.audit.VaultCheckpointKey;
import dev.gatehouse.audit.WitnessCheck;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;

/**
 * The audit log verified whole and held against its witnesses, in one line: for {@code doctor},
 * and for {@code serve}, which checks the log it opens and says so loudly when it does not hold.
 */
record AuditIntegrity(boolean ok, String line) {

    static AuditIntegrity check(Services services) {
        var dir = services.home().audit();
        var keyFile = dir.resolve(VaultCheckpointKey.PUBLIC_KEY_FILE);
        if (!Files.isDirectory(dir) || !Files.isRegularFile(keyFile)) {
            return new AuditIntegrity(true, "no audit log yet");
        }
        try {
            var key = FileCheckpointKey.readPublicKey(keyFile);
            var report = AuditVerifier.verify(dir, key);
            var witnesses = AuditWitnesses.read(services, List.of());
            var findings = WitnessCheck.check(dir, key, report, witnesses.checkpoints());
            if (report.problem().isPresent()) {
                var p = report.problem().get();
                return new AuditIntegrity(
                        false,
                        "PROBLEM: TAMPERED at record " + p.sequence() + " in " + p.segment() + " ("
                                + p.kind().name().toLowerCase(Locale.ROOT) + "); run 'gatehouse audit verify'");
            }
            if (!findings.isEmpty()) {
                return new AuditIntegrity(
                        false,
                        "PROBLEM: " + findings.getFirst().kind() + ": "
                                + findings.getFirst().detail() + "; run 'gatehouse audit verify'");
            }
            return new AuditIntegrity(
                    true,
                    "intact: " + report.records() + " records, " + report.checkpoints() + " signed checkpoint(s), "
                            + witnesses.checkpoints().size() + " witnessed");
        } catch (RuntimeException e) {
            return new AuditIntegrity(false, "PROBLEM: cannot be read: " + e.getMessage());
        }
    }
}
