package dev.gatehouse.cli;

import dev.gatehouse.audit.AuditConfig;
import dev.gatehouse.audit.CheckpointWitness;
import dev.gatehouse.audit.WitnessCheck;
import dev.gatehouse.audit.WitnessedCheckpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The witness files {@code audit verify} reads: the host's own copy, the operator's file
 * witnesses from gatehouse.yaml, and any named on the command line; what each held.
 */
record AuditWitnesses(List<Source> sources, List<WitnessedCheckpoint> checkpoints) {

    /** @param found whether the file exists; a configured witness that is missing is worth saying */
    record Source(Path file, boolean found, int checkpoints) {}

    static AuditWitnesses read(Services services, List<Path> named) {
        var files = new LinkedHashSet<Path>();
        files.add(services.home().localWitness());
        files.addAll(services.config().section(AuditConfig.SECTION).witnessFiles());
        named.forEach(p -> files.add(p.toAbsolutePath().normalize()));
        var sources = new ArrayList<Source>();
        var all = new ArrayList<WitnessedCheckpoint>();
        for (var file : files) {
            if (!Files.isRegularFile(file)) {
                if (named.stream().anyMatch(p -> p.toAbsolutePath().normalize().equals(file))) {
                    throw new CliFailure(2, "no witness file at " + file);
                }
                sources.add(new Source(file, false, 0));
                continue;
            }
            try {
                var read = CheckpointWitness.read(file);
                all.addAll(read);
                sources.add(new Source(file, true, read.size()));
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new CliFailure(1, "cannot read the witness file " + file + ": " + e.getMessage());
            }
        }
        return new AuditWitnesses(sources, all);
    }

    void describe(PrintWriter out, List<WitnessCheck.Finding> findings) {
        for (var s : sources) {
            out.println("witness " + s.file() + ": "
                    + (s.found() ? s.checkpoints() + " checkpoint(s)" : "none written yet"));
        }
        if (findings.isEmpty()) {
            if (!checkpoints.isEmpty()) {
                out.println("witnessed: the log holds every record its witnesses saw");
            }
            return;
        }
        for (var f : findings) {
            out.println("WITNESS " + f.kind().name() + ": " + f.detail());
        }
    }

    Map<String, Object> summary(List<WitnessCheck.Finding> findings) {
        var s = new LinkedHashMap<String, Object>();
        s.put(
                "files",
                sources.stream()
                        .map(src -> Map.<String, Object>of(
                                "file", src.file().toString(), "found", src.found(), "checkpoints", src.checkpoints()))
                        .toList());
        s.put("agree", findings.isEmpty());
        s.put(
                "findings",
                findings.stream()
                        .map(f -> Map.<String, Object>of(
                                "kind", f.kind().name(), "sequence", f.sequence(), "detail", f.detail()))
                        .toList());
        return s;
    }
}
