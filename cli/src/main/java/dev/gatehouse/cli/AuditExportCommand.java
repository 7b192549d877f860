package dev.gatehouse.cli;

import static dev.gatehouse.cli.AuditCommand.describe;
import static dev.gatehouse.cli.AuditCommand.since;
import static dev.gatehouse.cli.AuditCommand.summary;
import static dev.gatehouse.cli.AuditCommand.trail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.api.operator.AuditQuery;
import dev.gatehouse.api.operator.AuditVerification;
import dev.gatehouse.api.operator.Operator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatehouse audit export}: the stored records and a verification summary, streamed. */
@Command(
        name = "export",
        header = "Write the records and a verification summary to a new file.",
        mixinStandardHelpOptions = true,
        description = {
            "Write the records as stored (JSON lines, hashes intact) followed by one line with the",
            "verification summary. Exits 1 when the log does not verify (the export is still written)."
        })
final class AuditExportCommand implements Runnable {

    /** One line per value: the summary must stay the export's last line. */
    private static final ObjectMapper LINE = new ObjectMapper();

    private final Environment env;

    @Option(
            names = "--since",
            paramLabel = "DURATION|TIME",
            description = "Only records this recent: 24h, 7d," + " or a time such as 2026-03-01T00:00:00Z.")
    String since;

    @Option(
            names = "--output",
            paramLabel = "FILE",
            description = "Write to this new file (mode 0600) instead of"
                    + " standard output; an existing file is not overwritten.")
    Path output;

    @Option(names = "--public-key", paramLabel = "FILE", description = "The trusted checkpoint public key (PEM).")
    Path publicKey;

    AuditExportCommand(Environment env) {
        this.env = env;
    }

    @Override
    public void run() {
        var from = since == null ? Instant.MIN : since(env, since);
        var trail = trail(env);
        // Two passes over the log, by necessity: the verifier checks the chain over the raw
        // segment bytes and reports only at the end, with no hook that hands out each record
        // as it is verified, so the records cannot be verified and copied in one read. The
        // second pass streams, holding one record at a time, and when the log verifies it stops
        // at the last verified record: records appended by a running server in between are left
        // out, so the summary line describes exactly the records above it. Witnesses are for
        // 'audit verify'; the export's summary is the chain's.
        var report = trail.verify(Optional.ofNullable(publicKey), List.of());
        long upTo = report.intact() ? report.lastSequence() : Long.MAX_VALUE;
        if (output == null) {
            copy(env.out(), trail, from, upTo, report);
            env.out().flush();
            if (env.out().checkError()) {
                throw new CliFailure(1, "cannot write the export to standard output");
            }
        } else {
            var count = copyToNewFile(trail, from, upTo, report);
            env.err().println("exported " + count + " record(s) to " + output);
        }
        if (!report.intact()) {
            describe(env.err(), report);
            throw new CliFailure(1, "the audit log does not verify");
        }
    }

    private long copyToNewFile(Operator.AuditTrail trail, Instant from, long upTo, AuditVerification report) {
        PrintWriter out;
        try {
            var created = Files.createFile(
                    output, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            out = new PrintWriter(Files.newBufferedWriter(created, StandardCharsets.UTF_8));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new CliFailure(1, "will not overwrite " + output);
        } catch (IOException e) {
            throw new CliFailure(
                    1, "cannot write " + output + ": " + e.getClass().getSimpleName());
        }
        boolean complete = false;
        try (out) {
            var count = copy(out, trail, from, upTo, report);
            out.flush();
            if (out.checkError()) {
                throw new CliFailure(1, "cannot write " + output);
            }
            complete = true;
            return count;
        } finally {
            if (!complete) {
                // A half export without its summary line would read as a shorter, intact log.
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    env.err().println("gatehouse: could not remove the incomplete export " + output);
                }
            }
        }
    }

    /** The stored lines from {@code from} up to sequence {@code upTo}, then the summary line. */
    private static long copy(
            PrintWriter out, Operator.AuditTrail trail, Instant from, long upTo, AuditVerification report) {
        var query = new AuditQuery(
                Optional.of(from), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), upTo);
        long count = trail.query(query, e -> out.append(e.line()).append('\n'));
        try {
            out.append(LINE.writeValueAsString(Map.of("verification", summary(report))))
                    .append('\n');
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the verification summary does not serialize", e);
        }
        return count;
    }
}
