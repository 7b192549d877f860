package dev.gatehouse.host.operator;

import dev.gatehouse.api.operator.AuditIntegrity;
import dev.gatehouse.api.operator.AuditQuery;
import dev.gatehouse.api.operator.AuditRecord;
import dev.gatehouse.api.operator.AuditVerification;
import dev.gatehouse.api.operator.Operator;
import dev.gatehouse.api.operator.OperatorException;
import dev.gatehouse.audit.AuditConfig;
import dev.gatehouse.audit.AuditEntry;
import dev.gatehouse.audit.AuditLogException;
import dev.gatehouse.audit.AuditLogOptions;
import dev.gatehouse.audit.AuditReader;
import dev.gatehouse.audit.AuditVerifier;
import dev.gatehouse.audit.CheckpointWitness;
import dev.gatehouse.audit.FileCheckpointKey;
import dev.gatehouse.audit.VaultCheckpointKey;
import dev.gatehouse.audit.WitnessCheck;
import dev.gatehouse.audit.WitnessedCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The audit log as the operator reads it: records, queries, verification against witnesses. */
final class OperatorAudit implements Operator.AuditTrail {

    private final HostOperator operator;

    OperatorAudit(HostOperator operator) {
        this.operator = operator;
    }

    private Path dir() {
        return operator.home().audit();
    }

    static AuditRecord record(AuditEntry e) {
        return new AuditRecord(e.sequence(), e.time(), e.type(), e.principal(), e.fields(), e.line());
    }

    /** Reading failures in words for the operator. */
    static <T> T reading(Supplier<T> action) {
        try {
            return action.get();
        } catch (AuditLogException | UncheckedIOException e) {
            throw new OperatorException(OperatorException.Kind.FAILED, "cannot read the audit log: " + e.getMessage());
        }
    }

    @Override
    public long query(AuditQuery query, Consumer<AuditRecord> each) {
        long[] found = {0};
        reading(() -> {
            AuditReader.forEach(dir(), e -> {
                var r = record(e);
                if (query.matches(r)) {
                    found[0]++;
                    each.accept(r);
                }
            });
            return null;
        });
        return found[0];
    }

    @Override
    public Cursor cursor() {
        var reader = AuditReader.fromStart(dir());
        return each -> reading(() -> {
            reader.next(e -> each.accept(record(e)));
            return null;
        });
    }

    @Override
    public AuditVerification verify(Optional<Path> publicKey, List<Path> witnessFiles) {
        var key = trustedKey(publicKey);
        var report = reading(() -> AuditVerifier.verify(dir(), key));
        var witnesses = witnesses(witnessFiles);
        var findings = reading(() -> WitnessCheck.check(dir(), key, report, witnesses.checkpoints()));
        return new AuditVerification(
                report.intact(),
                report.records(),
                report.segments(),
                report.checkpoints(),
                report.lastSequence(),
                report.lastCheckpoint(),
                report.problem()
                        .map(p -> new AuditVerification.Problem(
                                p.sequence(), p.kind().name(), p.segment(), p.detail())),
                report.notes(),
                witnesses.sources(),
                findings.stream()
                        .map(f -> new AuditVerification.WitnessFinding(f.kind().name(), f.sequence(), f.detail()))
                        .toList());
    }

    @Override
    public AuditIntegrity integrity() {
        var keyFile = dir().resolve(VaultCheckpointKey.PUBLIC_KEY_FILE);
        if (!Files.isDirectory(dir()) || !Files.isRegularFile(keyFile)) {
            return new AuditIntegrity(true, "no audit log yet");
        }
        try {
            var v = verify(Optional.of(keyFile), List.of());
            if (v.problem().isPresent()) {
                var p = v.problem().get();
                return new AuditIntegrity(
                        false,
                        "PROBLEM: TAMPERED at record " + p.sequence() + " in " + p.segment() + " ("
                                + p.kind().toLowerCase(Locale.ROOT) + "); run 'gatehouse audit verify'");
            }
            if (!v.findings().isEmpty()) {
                var f = v.findings().getFirst();
                return new AuditIntegrity(
                        false, "PROBLEM: " + f.kind() + ": " + f.detail() + "; run 'gatehouse audit verify'");
            }
            return new AuditIntegrity(
                    true,
                    "intact: " + v.records() + " records, " + v.checkpoints() + " signed checkpoint(s), "
                            + v.witnessed() + " witnessed");
        } catch (RuntimeException e) {
            return new AuditIntegrity(false, "PROBLEM: cannot be read: " + e.getMessage());
        }
    }

    @Override
    public String acknowledgement() {
        var audit = operator.config().section(AuditConfig.SECTION);
        return acknowledgement(audit.acknowledge(), audit.syncInterval());
    }

    /** When a call's audit record counts as recorded, in words for doctor and serve. */
    static String acknowledgement(AuditLogOptions.Acknowledge acknowledge, Duration syncInterval) {
        return switch (acknowledge) {
            case DURABLE -> "a call is answered once its record is fsync'd (audit.acknowledge: durable)";
            case WRITTEN ->
                "a call is answered once its record is written, and fsync'd within " + syncInterval.toMillis()
                        + " ms (audit.acknowledge: written): a power cut or an operating-system crash"
                        + " can lose the records of that last interval";
        };
    }

    /** The public key file checkpoints are checked against. */
    private PublicKey trustedKey(Optional<Path> option) {
        var file = option.orElse(FileCheckpointKey.publicKeyFile(dir().resolve("checkpoint-key")));
        if (!Files.isRegularFile(file)) {
            throw new OperatorException(
                    OperatorException.Kind.INVALID, "no checkpoint public key at " + file + "; pass --public-key FILE");
        }
        try {
            return FileCheckpointKey.readPublicKey(file);
        } catch (AuditLogException e) {
            throw new OperatorException(OperatorException.Kind.INVALID, e.getMessage() + ": " + file);
        }
    }

    private record Witnesses(List<AuditVerification.WitnessSource> sources, List<WitnessedCheckpoint> checkpoints) {}

    /** The home's own witness, the configured file witnesses, and those named: what each held. */
    private Witnesses witnesses(List<Path> named) {
        var files = new LinkedHashSet<Path>();
        files.add(operator.home().localWitness());
        files.addAll(operator.config().section(AuditConfig.SECTION).witnessFiles());
        named.forEach(p -> files.add(p.toAbsolutePath().normalize()));
        var sources = new ArrayList<AuditVerification.WitnessSource>();
        var all = new ArrayList<WitnessedCheckpoint>();
        for (var file : files) {
            if (!Files.isRegularFile(file)) {
                if (named.stream().anyMatch(p -> p.toAbsolutePath().normalize().equals(file))) {
                    throw new OperatorException(OperatorException.Kind.INVALID, "no witness file at " + file);
                }
                sources.add(new AuditVerification.WitnessSource(file, false, 0));
                continue;
            }
            try {
                var read = CheckpointWitness.read(file);
                all.addAll(read);
                sources.add(new AuditVerification.WitnessSource(file, true, read.size()));
            } catch (IOException | UncheckedIOException e) {
                throw new OperatorException(
                        OperatorException.Kind.FAILED, "cannot read the witness file " + file + ": " + e.getMessage());
            }
        }
        return new Witnesses(sources, all);
    }
}
