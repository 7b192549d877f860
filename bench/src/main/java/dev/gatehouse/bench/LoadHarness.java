package dev.gatehouse.bench;

import dev.gatehouse.server.GatehouseServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
 * It stops by itself.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.gatehouse.bench.LoadHarness \
 *     [--clients 8 | --clients 1,8,32] [--warmup 5] [--duration 15] [--max-requests 2000000]
 *     [--audit memory,log]
 * </pre>
 */
public final class LoadHarness {

    private LoadHarness() {}

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load harness: " + e.getMessage());
            System.exit(2);
            return;
        }
        var out = System.out;
        var clock = Clock.systemUTC();
        out.println(String.format(
                Locale.ROOT,
                "# Load harness: clients %s, warm-up %d s, measured %d s, request budget %d",
                options.clients(),
                options.warmup().toSeconds(),
                options.measure().toSeconds(),
                options.maxRequests()));
        var comparisons = new ArrayList<Comparison>();
        for (var mode : options.audit()) {
            comparisons.addAll(compare(mode, options, clock, out));
        }
        out.println();
        out.println(
                "| audit sink | clients | server | calls/s | p50 ms | p90 ms | p99 ms | calls | failures | CPU µs/call |");
        out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        for (var c : comparisons) {
            out.println(row(c.mode(), c.bare()));
            out.println(row(c.mode(), c.gatehouse()));
        }
        out.println();
        out.println(
                "| audit sink | clients | throughput Gatehouse / bare | added median latency ms | added CPU µs/call |");
        out.println("|---|---:|---:|---:|---:|");
        for (var c : comparisons) {
            out.println(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.1f %% | %.3f | %.0f |",
                    name(c.mode()),
                    c.bare().clients(),
                    100 * c.gatehouse().callsPerSecond() / c.bare().callsPerSecond(),
                    (c.gatehouse().p50Micros() - c.bare().p50Micros()) / 1000,
                    c.gatehouse().cpuMicrosPerCall() - c.bare().cpuMicrosPerCall()));
        }
    }

    /** Both servers measured with one sink and one client count, each over its two runs. */
    private record Comparison(AuditMode mode, LoadResult bare, LoadResult gatehouse) {}

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
                    out.println("# " + clients + " clients");
                    var bare1 = drive(run, "bare MCP SDK", bare.endpoint(), Optional.empty(), out);
                    var gatehouse1 = drive(run, "Gatehouse", mcp, key, out);
                    var gatehouse2 = drive(run, "Gatehouse", mcp, key, out);
                    var bare2 = drive(run, "bare MCP SDK", bare.endpoint(), Optional.empty(), out);
                    comparisons.add(new Comparison(
                            mode, LoadResult.combine(bare1, bare2), LoadResult.combine(gatehouse1, gatehouse2)));
                }
                return comparisons;
            } finally {
                gatehouse.close();
            }
        }
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

    private static String row(AuditMode mode, LoadResult r) {
        return String.format(
                Locale.ROOT,
                "| %s | %d | %s | %.0f | %.3f | %.3f | %.3f | %d | %d | %.0f |",
                name(mode),
                r.clients(),
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
    record Options(List<Integer> clients, Duration warmup, Duration measure, int maxRequests, List<AuditMode> audit) {

        Options {
            clients = List.copyOf(clients);
            audit = List.copyOf(audit);
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
            for (int i = 0; i < args.length; i++) {
                var value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--clients" -> clients = counts(value);
                    case "--warmup" -> warmup = number(value, args[i]);
                    case "--duration" -> duration = number(value, args[i]);
                    case "--max-requests" -> maxRequests = number(value, args[i]);
                    case "--audit" -> audit = modes(value);
                    default -> throw new IllegalArgumentException("unknown option " + bounded(args[i]));
                }
                i++;
            }
            if (warmup > 600) {
                throw new IllegalArgumentException("--warmup is at most 600 seconds");
            }
            return new Options(clients, Duration.ofSeconds(warmup), Duration.ofSeconds(duration), maxRequests, audit);
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
                    default -> throw new IllegalArgumentException("--audit takes memory, log or both");
                }
            }
            return List.copyOf(modes);
        }

        private static String bounded(String text) {
            return text.length() <= 40 ? text : text.substring(0, 40) + "...";
        }
    }
}
