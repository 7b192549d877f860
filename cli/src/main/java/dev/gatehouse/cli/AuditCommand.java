package dev.gatehouse.cli;

import dev.gatehouse.audit.AuditEntry;
import dev.gatehouse.audit.AuditLogException;
import dev.gatehouse.audit.AuditReader;
import dev.gatehouse.audit.AuditVerifier;
import dev.gatehouse.audit.FileCheckpointKey;
import dev.gatehouse.audit.VerificationReport;
import dev.gatehouse.audit.WitnessCheck;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "audit",
        header = "Read, query, verify and export the tamper-evident audit log.",
        mixinStandardHelpOptions = true,
        description = {
            "Read and check the tamper-evident audit log in $GATEHOUSE_HOME/audit/: hash-chained JSON-line",
            "segments with Ed25519-signed checkpoints. Checkpoints verify against",
            "$GATEHOUSE_HOME/audit/checkpoint-key.pub unless --public-key names another copy."
        },
        subcommands = {
            AuditCommand.Tail.class,
            AuditCommand.Query.class,
            AuditCommand.Verify.class,
            AuditExportCommand.class
        })
final class AuditCommand extends CommandGroup {

    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029\\u202a-\\u202e]");

    static Path dir(Environment env) {
        return new Services(env).home().audit();
    }

    /** The public key file checkpoints are checked against. */
    static PublicKey trustedKey(Environment env, Path option) {
        var file = option != null ? option : FileCheckpointKey.publicKeyFile(dir(env).resolve("checkpoint-key"));
        if (!Files.isRegularFile(file)) {
            throw new CliFailure(2, "no checkpoint public key at " + file + "; pass --public-key FILE");
        }
        try {
            return FileCheckpointKey.readPublicKey(file);
        } catch (AuditLogException e) {
            throw new CliFailure(2, e.getMessage() + ": " + file);
        }
    }

    /** {@code 15m}, {@code 24h}, {@code 7d} ago, or an ISO-8601 instant such as 2026-03-01T00:00:00Z. */
    static Instant since(Environment env, String text) {
        var ago = DurationOption.parse(text);
        if (ago.isPresent()) {
            return env.clock().instant().minus(ago.get());
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CliFailure(
                    2,
                    "--since must be a duration such as 15m, 24h or 7d, or a time such as" + " 2026-03-01T00:00:00Z");
        }
    }

    /** One record on one line for people; control and bidi characters from the log never reach the terminal. */
    static String human(AuditEntry e) {
        var text = new StringBuilder()
                .append('#')
                .append(e.sequence())
                .append(' ')
                .append(e.time())
                .append(' ')
                .append(e.type())
                .append(' ')
                .append(e.principal());
        new java.util.TreeMap<>(e.fields())
                .forEach((k, v) -> text.append(' ').append(k).append('=').append(v));
        return UNPRINTABLE.matcher(text).replaceAll("?");
    }

    static void print(PrintWriter out, AuditEntry e, boolean json) {
        out.println(json ? e.line() : human(e));
    }

    static <T> T reading(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (AuditLogException | java.io.UncheckedIOException e) {
            throw new CliFailure(1, "cannot read the audit log: " + e.getMessage());
        }
    }

    @Command(name = "tail", mixinStandardHelpOptions = true, description = "Show the latest audit records.")
    static final class Tail implements Runnable {
        private final Environment env;

        @Option(names = "-n", paramLabel = "N", description = "How many records to show (default ${DEFAULT-VALUE}).")
        int count = 10;

        @Option(
                names = {"-f", "--follow"},
                description = "Keep printing new records as they are written.")
        boolean follow;

        @Option(names = "--json", description = "Print the stored JSON lines.")
        boolean json;

        Tail(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            if (count < 0 || count > 100_000) {
                throw new CliFailure(2, "-n must be between 0 and 100000");
            }
            var dir = dir(env);
            var reader = AuditReader.fromStart(dir);
            var window = new java.util.ArrayDeque<AuditEntry>();
            reading(() -> {
                reader.next(e -> {
                    window.addLast(e);
                    if (window.size() > count) {
                        window.removeFirst();
                    }
                });
                return null;
            });
            window.forEach(e -> print(env.out(), e, json));
            env.out().flush();
            if (!follow) {
                if (window.isEmpty()) {
                    env.err().println("no audit records in " + dir);
                }
                return;
            }
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
                reading(() -> {
                    reader.next(e -> print(env.out(), e, json));
                    return null;
                });
                env.out().flush();
            }
        }
    }

    @Command(
            name = "query",
            mixinStandardHelpOptions = true,
            description = "Find audit records by time, principal, tool, outcome or type.")
    static final class Query implements Runnable {
        private final Environment env;

        @Option(
                names = "--since",
                paramLabel = "DURATION|TIME",
                description = "Only records this recent: 15m, 24h," + " 7d, or a time such as 2026-03-01T00:00:00Z.")
        String since;

        @Option(
                names = "--principal",
                paramLabel = "P",
                description = "Only records by this principal, e.g. key:ci-bot.")
        String principal;

        @Option(names = "--tool", paramLabel = "T", description = "Only records about this tool.")
        String tool;

        @Option(
                names = "--outcome",
                paramLabel = "O",
                description = "Only records with this outcome, e.g. ok or error.")
        String outcome;

        @Option(names = "--type", paramLabel = "TYPE", description = "Only records of this event type, e.g. tool.call.")
        String type;

        @Option(names = "--json", description = "Print the stored JSON lines.")
        boolean json;

        Query(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            Predicate<AuditEntry> match = e -> true;
            if (since != null) {
                var from = since(env, since);
                match = match.and(e -> !e.time().isBefore(from));
            }
            if (principal != null) {
                match = match.and(e -> e.principal().equals(principal));
            }
            if (tool != null) {
                match = match.and(e -> e.field("tool").equals(tool));
            }
            if (outcome != null) {
                match = match.and(e -> e.field("outcome").equals(outcome));
            }
            if (type != null) {
                match = match.and(e -> e.type().equals(type));
            }
            var filter = match;
            long[] found = {0};
            reading(() -> {
                AuditReader.forEach(dir(env), e -> {
                    if (filter.test(e)) {
                        found[0]++;
                        print(env.out(), e, json);
                    }
                });
                return null;
            });
            env.err().println(found[0] + " matching record(s)");
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Recompute the hash chain across all segments and check every checkpoint signature.",
                "Exits 1 and names the first bad record on any edit, deletion, reordering, cut or missing segment.",
                "",
                "Then hold the log against its witnesses: the host's own copy of every checkpoint",
                "($GATEHOUSE_HOME/data/audit-witness.jsonl), each file witness in audit.witnesses, and",
                "every --witness FILE (for example what an HTTP witness received, one JSON line each).",
                "A log cut back, rolled back, wiped or re-signed since they were written exits 1 too."
            })
    static final class Verify implements Runnable {
        private final Environment env;

        @Option(names = "--public-key", paramLabel = "FILE", description = "The trusted checkpoint public key (PEM).")
        Path publicKey;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @Option(
                names = "--witness",
                paramLabel = "FILE",
                description = "A file of witnessed checkpoints (JSON lines) to hold the log against; repeatable.")
        java.util.List<Path> witnessFiles = new java.util.ArrayList<>();

        Verify(Environment env) {
            this.env = env;
        }

        @Override
        public void run() {
            var key = trustedKey(env, publicKey);
            var report = reading(() -> AuditVerifier.verify(dir(env), key));
            var witnesses = AuditWitnesses.read(new Services(env), witnessFiles);
            var findings = reading(() -> WitnessCheck.check(dir(env), key, report, witnesses.checkpoints()));
            if (json) {
                var s = summary(report);
                s.put("witnesses", witnesses.summary(findings));
                Render.json(env.out(), s);
            } else {
                describe(env.out(), report);
                witnesses.describe(env.out(), findings);
            }
            if (!report.intact()) {
                throw new CliFailure(1, "the audit log does not verify");
            }
            if (!findings.isEmpty()) {
                throw new CliFailure(1, "the audit log does not hold what its witnesses saw");
            }
        }
    }

    static void describe(PrintWriter out, VerificationReport report) {
        report.problem()
                .ifPresentOrElse(
                        p -> out.println("TAMPERED: first bad record " + p.sequence() + " in " + p.segment() + " ("
                                + p.kind().name().toLowerCase(java.util.Locale.ROOT) + "): " + p.detail()),
                        () -> out.println("intact: " + report.records() + " records in " + report.segments()
                                + " segment(s), " + report.checkpoints()
                                + " signed checkpoint(s) verified, last record "
                                + report.lastSequence()));
        report.notes()
                .forEach(n -> out.println("note: " + UNPRINTABLE.matcher(n).replaceAll("?")));
    }

    static Map<String, Object> summary(VerificationReport report) {
        var s = new LinkedHashMap<String, Object>();
        s.put("intact", report.intact());
        s.put("records", report.records());
        s.put("segments", report.segments());
        s.put("checkpoints", report.checkpoints());
        s.put("last_sequence", report.lastSequence());
        s.put("last_checkpoint", report.lastCheckpoint());
        report.problem().ifPresent(p -> {
            var problem = new LinkedHashMap<String, Object>();
            problem.put("sequence", p.sequence());
            problem.put("kind", p.kind().name());
            problem.put("segment", p.segment());
            problem.put("detail", p.detail());
            s.put("problem", problem);
        });
        s.put("notes", report.notes());
        return s;
    }
}
