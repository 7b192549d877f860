package dev.gatehouse.cli;

import dev.gatehouse.api.operator.AuditQuery;
import dev.gatehouse.api.operator.AuditRecord;
import dev.gatehouse.api.operator.AuditVerification;
import dev.gatehouse.api.operator.Operator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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

    /** The log as the operator contract reads it; reading never sets a home up. */
    static Operator.AuditTrail trail(Environment env) {
        return new Services(env, Services.FirstRunMode.NEVER).operator().audit();
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
    static String human(AuditRecord e) {
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

    static void print(PrintWriter out, AuditRecord e, boolean json) {
        out.println(json ? e.line() : human(e));
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
            var reader = trail(env).cursor();
            var window = new java.util.ArrayDeque<AuditRecord>();
            reader.next(e -> {
                window.addLast(e);
                if (window.size() > count) {
                    window.removeFirst();
                }
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
                reader.next(e -> print(env.out(), e, json));
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
            var query = new AuditQuery(
                    Optional.ofNullable(since).map(t -> since(env, t)),
                    Optional.ofNullable(principal),
                    Optional.ofNullable(tool),
                    Optional.ofNullable(outcome),
                    Optional.ofNullable(type),
                    Long.MAX_VALUE);
            long found = trail(env).query(query, e -> print(env.out(), e, json));
            env.err().println(found + " matching record(s)");
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
            var report = trail(env).verify(Optional.ofNullable(publicKey), witnessFiles);
            if (json) {
                var s = summary(report);
                s.put("witnesses", witnessSummary(report));
                Render.json(env.out(), s);
            } else {
                describe(env.out(), report);
                describeWitnesses(env.out(), report);
            }
            if (!report.intact()) {
                throw new CliFailure(1, "the audit log does not verify");
            }
            if (!report.findings().isEmpty()) {
                throw new CliFailure(1, "the audit log does not hold what its witnesses saw");
            }
        }
    }

    static void describe(PrintWriter out, AuditVerification report) {
        report.problem()
                .ifPresentOrElse(
                        p -> out.println("TAMPERED: first bad record " + p.sequence() + " in " + p.segment() + " ("
                                + p.kind().toLowerCase(java.util.Locale.ROOT) + "): " + p.detail()),
                        () -> out.println("intact: " + report.records() + " records in " + report.segments()
                                + " segment(s), " + report.checkpoints()
                                + " signed checkpoint(s) verified, last record "
                                + report.lastSequence()));
        report.notes()
                .forEach(n -> out.println("note: " + UNPRINTABLE.matcher(n).replaceAll("?")));
    }

    static Map<String, Object> summary(AuditVerification report) {
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
            problem.put("kind", p.kind());
            problem.put("segment", p.segment());
            problem.put("detail", p.detail());
            s.put("problem", problem);
        });
        s.put("notes", report.notes());
        return s;
    }

    static void describeWitnesses(PrintWriter out, AuditVerification report) {
        for (var s : report.witnesses()) {
            out.println("witness " + s.file() + ": "
                    + (s.found() ? s.checkpoints() + " checkpoint(s)" : "none written yet"));
        }
        if (report.findings().isEmpty()) {
            if (report.witnessed() > 0) {
                out.println("witnessed: the log holds every record its witnesses saw");
            }
            return;
        }
        for (var f : report.findings()) {
            out.println("WITNESS " + f.kind() + ": " + f.detail());
        }
    }

    static Map<String, Object> witnessSummary(AuditVerification report) {
        var s = new LinkedHashMap<String, Object>();
        s.put(
                "files",
                report.witnesses().stream()
                        .map(src -> Map.<String, Object>of(
                                "file", src.file().toString(), "found", src.found(), "checkpoints", src.checkpoints()))
                        .toList());
        s.put("agree", report.findings().isEmpty());
        s.put(
                "findings",
                report.findings().stream()
                        .map(f -> Map.<String, Object>of(
                                "kind", f.kind(), "sequence", f.sequence(), "detail", f.detail()))
                        .toList());
        return s;
    }
}
