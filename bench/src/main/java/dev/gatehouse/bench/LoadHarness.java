package dev.gatehouse.bench;

import dev.gatehouse.audit.AuditLogStats;
import dev.gatehouse.server.GatehouseServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Compares Gatehouse's MCP endpoint with a bare MCP SDK server in one run, on loopback: for each
 * audit sink asked for, it starts both servers, drives each once for the warm-up time without
 * counting (the JIT's first work would otherwise slow only the first run), and then drives them with
 * the same clients in the order bare, Gatehouse, Gatehouse, bare, so that whatever drifts during a
 * run favours neither, once for each client count asked for (a closed loop: each client waits for
 * its answer before it sends the next call, so few clients measure latency and many measure how
 * much the machine can serve); it prints each run as it ends, then per server the two runs together
 * (throughput over both, percentiles averaged), the throughput ratio and the added median latency.
 * With {@code --rounds N} it measures each client count N times in a row and also prints the median
 * and the range of the N ratios: on a small shared machine one round can move by several points,
 * and one figure alone says nothing about that. It stops by itself.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.gatehouse.bench.LoadHarness \
 *     [--clients 8 | --clients 1,8,32] [--warmup 5] [--duration 15] [--max-requests 2000000]
 *     [--audit memory,log[,written]] [--rounds 1]
 * </pre>
 */
public final class LoadHarness {

    static final String USAGE = """
            Usage: java -cp bench/target/benchmarks.jar dev.gatehouse.bench.LoadHarness [OPTIONS]

            Drives MCP tools/call over loopback HTTP against Gatehouse and a bare MCP SDK server in one run,
            and prints each run, then Gatehouse's throughput as a share of the bare server's and its added
            median latency.

              --clients N[,N...]   concurrent clients in a closed loop, up to six counts measured in turn (8)
              --warmup S           seconds each server is driven before anything is counted, at most 600 (5)
              --duration S         seconds each measured run lasts (15)
              --max-requests N     calls one run may make at most (2000000)
              --audit MODES        Gatehouse's audit sink, one or more of memory, log (the durable log as
                                   serve ships it) and written (audit.acknowledge: written) (memory,log)
              --rounds N           times each client count is measured, 1 to 10; with more than one the
                                   median and range of the ratios are printed too (1)
              -h, --help           print this and exit
            """;

    private LoadHarness() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load harness: " + e.getMessage() + " (--help lists the options)");
            System.exit(2);
            return;
        }
        var out = System.out;
        var clock = Clock.systemUTC();
        out.println(String.format(
                Locale.ROOT,
                "# Load harness: clients %s, warm-up %d s, measured %d s, request budget %d, rounds %d",
                options.clients(),
                options.warmup().toSeconds(),
                options.measure().toSeconds(),
                options.maxRequests(),
                options.rounds()));
        var comparisons = new ArrayList<Comparison>();
        for (var mode : options.audit()) {
            comparisons.addAll(compare(mode, options, clock, out));
        }
        out.println();
        out.println(
                "| audit sink | clients | round | server | calls/s | p50 ms | p90 ms | p99 ms | calls | failures | CPU µs/call |");
        out.println("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        for (var c : comparisons) {
            out.println(row(c, c.bare()));
            out.println(row(c, c.gatehouse()));
        }
        out.println();
        out.println(
                "| audit sink | clients | round | throughput Gatehouse / bare | added median latency ms | added CPU µs/call |");
        out.println("|---|---:|---:|---:|---:|---:|");
        for (var c : comparisons) {
            out.println(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %.1f %% | %.3f | %.0f |",
                    name(c.mode()),
                    c.bare().clients(),
                    c.round(),
                    c.ratioPercent(),
                    c.addedMedianMillis(),
                    c.addedCpuMicros()));
        }
        if (options.rounds() > 1) {
            out.println();
            out.println("| audit sink | clients | rounds | throughput ratio: median (lowest–highest) |"
                    + " added median latency ms: median | added CPU µs/call: median |");
            out.println("|---|---:|---:|---:|---:|---:|");
            for (var series : Series.of(comparisons)) {
                out.println(series.row());
            }
        }
        out.flush();
        // The MCP SDK's Streamable HTTP transport starts a session sweeper on a thread that is not a
        // daemon and that closing the server does not stop; the figures are out, so end here.
        System.exit(0);
    }

    /** Both servers measured with one sink and one client count in one round, each over its two runs. */
    private record Comparison(AuditMode mode, int round, LoadResult bare, LoadResult gatehouse) {

        double ratioPercent() {
            return 100 * gatehouse.callsPerSecond() / bare.callsPerSecond();
        }

        double addedMedianMillis() {
            return (gatehouse.p50Micros() - bare.p50Micros()) / 1000;
        }

        double addedCpuMicros() {
            return gatehouse.cpuMicrosPerCall() - bare.cpuMicrosPerCall();
        }
    }

    /** The rounds of one sink and one client count. */
    private record Series(
            String sink, int clients, List<Double> ratios, List<Double> addedMedians, List<Double> addedCpu) {

        private static List<Series> of(List<Comparison> comparisons) {
            var grouped = new LinkedHashMap<String, List<Comparison>>();
            for (var c : comparisons) {
                grouped.computeIfAbsent(name(c.mode()) + " " + c.bare().clients(), k -> new ArrayList<>())
                        .add(c);
            }
            return grouped.values().stream()
                    .map(cs -> new Series(
                            name(cs.getFirst().mode()),
                            cs.getFirst().bare().clients(),
                            cs.stream().map(Comparison::ratioPercent).toList(),
                            cs.stream().map(Comparison::addedMedianMillis).toList(),
                            cs.stream().map(Comparison::addedCpuMicros).toList()))
                    .toList();
        }

        String row() {
            return String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %.1f %% (%.1f–%.1f %%) | %.3f | %.0f |",
                    sink,
                    clients,
                    ratios.size(),
                    median(ratios),
                    ratios.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                    ratios.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
                    median(addedMedians),
                    median(addedCpu));
        }

        /** The middle value; the mean of the two middle ones for an even count. */
        static double median(List<Double> values) {
            var sorted = values.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }
    }

    /**
     * Starts both servers with one sink, primes them, and measures each client count in turn.
     */
    private static List<Comparison> compare(AuditMode mode, Options options, Clock clock, PrintStream out)
            throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        out.println("# audit sink " + name(mode) + ": starting both servers");
        var meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var comparisons = new ArrayList<Comparison>();
        try (var bench = BenchHost.open(mode, meters, clock);
                var bare = BareMcpServer.start()) {
            var gatehouse = GatehouseServer.start(bench.serverConfig(), bench.host(), meters, clock);
            try {
                var mcp = gatehouse.baseUri().resolve("/mcp");
                var key = Optional.of(bench.adminKey());
                out.println("# bare MCP SDK server at " + bare.endpoint() + ", Gatehouse at " + mcp);
                var priming = new LoadRun(options.priming(), System::nanoTime, os::getProcessCpuTime);
                out.println("# priming both (not counted)");
                priming.run("bare MCP SDK", bare.endpoint(), Optional.empty());
                priming.run("Gatehouse", mcp, key);
                for (int clients : options.clients()) {
                    var run = new LoadRun(options.plan(clients), System::nanoTime, os::getProcessCpuTime);
                    for (int round = 1; round <= options.rounds(); round++) {
                        out.println("# " + clients + " clients, round " + round + " of " + options.rounds());
                        var bare1 = drive(run, "bare MCP SDK", bare.endpoint(), Optional.empty(), out);
                        var before = bench.auditStats();
                        var gatehouse1 = drive(run, "Gatehouse", mcp, key, out);
                        var gatehouse2 = drive(run, "Gatehouse", mcp, key, out);
                        printCommits(before, bench.auditStats(), out);
                        var bare2 = drive(run, "bare MCP SDK", bare.endpoint(), Optional.empty(), out);
                        comparisons.add(new Comparison(
                                mode,
                                round,
                                LoadResult.combine(bare1, bare2),
                                LoadResult.combine(gatehouse1, gatehouse2)));
                    }
                }
                return comparisons;
            } finally {
                gatehouse.close();
            }
        }
    }

    /**
     * How the log's group commits went over both Gatehouse runs of a round (both runs' warm-ups
     * included): events per commit show whether calls shared their writes, and fsyncs per commit
     * whether each commit waited for one.
     */
    private static void printCommits(Optional<AuditLogStats> before, Optional<AuditLogStats> after, PrintStream out) {
        if (before.isEmpty() || after.isEmpty()) {
            return;
        }
        var b = before.get();
        var a = after.get();
        long records = a.records() - b.records();
        long batches = a.batches() - b.batches();
        out.println(String.format(
                Locale.ROOT,
                "# audit log: %d events in %d group commits (%.2f per commit), %d fsyncs",
                records,
                batches,
                batches == 0 ? 0.0 : (double) records / batches,
                a.fsyncs() - b.fsyncs()));
    }

    private static LoadResult drive(
            LoadRun run, String target, java.net.URI endpoint, Optional<String> bearer, PrintStream out)
            throws Exception {
        var result = run.run(target, endpoint, bearer);
        out.println(String.format(
                Locale.ROOT,
                "# %s: %.0f calls/s, p50 %.3f ms, %d failures",
                target,
                result.callsPerSecond(),
                result.p50Micros() / 1000,
                result.failures()));
        return result;
    }

    private static String row(Comparison c, LoadResult r) {
        return String.format(
                Locale.ROOT,
                "| %s | %d | %d | %s | %.0f | %.3f | %.3f | %.3f | %d | %d | %.0f |",
                name(c.mode()),
                r.clients(),
                c.round(),
                r.target(),
                r.callsPerSecond(),
                r.p50Micros() / 1000,
                r.p90Micros() / 1000,
                r.p99Micros() / 1000,
                r.calls(),
                r.failures(),
                r.cpuMicrosPerCall());
    }

    private static String name(AuditMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    /** Command-line options, bounded: a typo must not start an hour-long run. */
    record Options(
            List<Integer> clients,
            Duration warmup,
            Duration measure,
            int maxRequests,
            List<AuditMode> audit,
            int rounds) {

        /** Ten rounds of the longest runs allowed already take hours. */
        static final int MAX_ROUNDS = 10;

        Options {
            clients = List.copyOf(clients);
            audit = List.copyOf(audit);
            if (rounds < 1 || rounds > MAX_ROUNDS) {
                throw new IllegalArgumentException("--rounds must be between 1 and " + MAX_ROUNDS);
            }
            // Builds each plan once here, so that every bound is checked before anything starts.
            clients.forEach(c -> new LoadRun.Plan(c, warmup, measure, maxRequests));
        }

        LoadRun.Plan plan(int clientCount) {
            return new LoadRun.Plan(clientCount, warmup, measure, maxRequests);
        }

        /**
         * The unrecorded run before the measured ones, with the first client count for the warm-up
         * time (at least a second): the JIT compiles client and server code during the first seconds
         * of the process, which would otherwise slow the first measured run only.
         */
        LoadRun.Plan priming() {
            return new LoadRun.Plan(
                    clients.getFirst(), Duration.ZERO, warmup.isZero() ? Duration.ofSeconds(1) : warmup, maxRequests);
        }

        static Options parse(String[] args) {
            List<Integer> clients = List.of(8);
            int warmup = 5;
            int duration = 15;
            int maxRequests = 2_000_000;
            List<AuditMode> audit = List.of(AuditMode.MEMORY, AuditMode.LOG);
            int rounds = 1;
            for (int i = 0; i < args.length; i++) {
                var value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--clients" -> clients = counts(value);
                    case "--warmup" -> warmup = number(value, args[i]);
                    case "--duration" -> duration = number(value, args[i]);
                    case "--max-requests" -> maxRequests = number(value, args[i]);
                    case "--audit" -> audit = modes(value);
                    case "--rounds" -> rounds = number(value, args[i]);
                    default -> throw new IllegalArgumentException("unknown option " + bounded(args[i]));
                }
                i++;
            }
            if (warmup > 600) {
                throw new IllegalArgumentException("--warmup is at most 600 seconds");
            }
            return new Options(
                    clients, Duration.ofSeconds(warmup), Duration.ofSeconds(duration), maxRequests, audit, rounds);
        }

        /** One client count or several, comma-separated: at most six, each measured in turn. */
        private static List<Integer> counts(String value) {
            var parts = value.split(",", 8);
            if (parts.length > 6) {
                throw new IllegalArgumentException("--clients takes at most six counts");
            }
            var counts = new ArrayList<Integer>();
            for (var part : parts) {
                counts.add(number(part.strip(), "--clients"));
            }
            return counts;
        }

        private static int number(String value, String option) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a whole number");
            }
        }

        private static List<AuditMode> modes(String value) {
            var modes = new ArrayList<AuditMode>();
            for (var part : value.split(",", 3)) {
                switch (part.strip()) {
                    case "memory" -> modes.add(AuditMode.MEMORY);
                    case "log" -> modes.add(AuditMode.LOG);
                    case "written" -> modes.add(AuditMode.WRITTEN);
                    default ->
                        throw new IllegalArgumentException("--audit takes memory, log, written or a list of them");
                }
            }
            return List.copyOf(modes);
        }

        private static String bounded(String text) {
            return text.length() <= 40 ? text : text.substring(0, 40) + "...";
        }
    }
}
