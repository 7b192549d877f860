package dev.gatehouse.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Drives one server with N concurrent clients, each its own session opened before the clock
 * starts: a warm-up whose calls are not counted, then a fixed measured window. Each client stops
 * at the window's end or when it has used its share of the request budget, whichever is first,
 * so a run always ends by itself.
 */
final class LoadRun {

    /**
     * @param maxRequests the most calls all clients together make in the measured window
     */
    record Plan(int clients, Duration warmup, Duration measure, int maxRequests) {
        Plan {
            if (clients < 1 || clients > 256) {
                throw new IllegalArgumentException("clients must be between 1 and 256");
            }
            if (warmup.isNegative() || measure.isZero() || measure.isNegative() || measure.toMinutes() > 10) {
                throw new IllegalArgumentException("measure must be positive and at most 10 minutes");
            }
            if (maxRequests < clients || maxRequests > 10_000_000) {
                throw new IllegalArgumentException("max requests must be between clients and 10 000 000");
            }
        }
    }

    private final Plan plan;
    private final LongSupplier nanos;
    private final LongSupplier cpuNanos;

    /** @param cpuNanos the process's CPU time so far, in nanoseconds */
    LoadRun(Plan plan, LongSupplier nanos, LongSupplier cpuNanos) {
        this.plan = plan;
        this.nanos = nanos;
        this.cpuNanos = cpuNanos;
    }

    LoadResult run(String target, URI endpoint, Optional<String> bearer) throws Exception {
        var http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        var sessions = new ArrayList<McpSession>();
        for (int i = 0; i < plan.clients(); i++) {
            sessions.add(McpSession.open(http, endpoint, bearer));
        }
        var start = new CountDownLatch(1);
        var failures = new AtomicLong();
        int share = plan.maxRequests() / plan.clients();
        var latencies = new long[plan.clients()][];
        var counts = new int[plan.clients()];
        var threads = new ArrayList<Thread>();
        long[] window = new long[2];
        for (int i = 0; i < plan.clients(); i++) {
            int client = i;
            latencies[i] = new long[share];
            threads.add(Thread.ofPlatform().name("load-client-" + i).start(() -> {
                try {
                    start.await();
                    counts[client] = drive(sessions.get(client), window, latencies[client], failures);
                } catch (Exception e) {
                    failures.incrementAndGet();
                    report(e);
                }
            }));
        }
        long begin = nanos.getAsLong();
        window[0] = begin + plan.warmup().toNanos();
        window[1] = window[0] + plan.measure().toNanos();
        start.countDown();
        sleepUntil(window[0]);
        long cpuBegin = cpuNanos.getAsLong();
        var running = threads.stream().filter(Thread::isAlive).count();
        // Stop counting CPU when the window ends or every client has used its budget, whichever is first.
        while (nanos.getAsLong() < window[1] && running > 0) {
            Thread.sleep(10);
            running = threads.stream().filter(Thread::isAlive).count();
        }
        long cpuEnd = cpuNanos.getAsLong();
        for (var t : threads) {
            t.join(plan.warmup().plus(plan.measure()).plusMinutes(1).toMillis());
        }
        long ended = Math.min(nanos.getAsLong(), window[1]);
        http.close();
        return summarize(
                target, latencies, counts, failures.get(), (ended - window[0]) / 1e9, (cpuEnd - cpuBegin) / 1e9);
    }

    /** One client's loop; returns how many successful calls it recorded in the measured window. */
    private int drive(McpSession session, long[] window, long[] into, AtomicLong failures) throws Exception {
        int recorded = 0;
        while (true) {
            long before = nanos.getAsLong();
            if (before >= window[1] || recorded == into.length) {
                return recorded;
            }
            boolean ok;
            try {
                ok = session.callNoop();
            } catch (java.io.IOException e) {
                // One failed exchange (a reset connection, a timeout) is counted, and the client goes
                // on: a client that stopped would quietly lower its server's throughput instead.
                ok = false;
                report(e);
            }
            long after = nanos.getAsLong();
            if (before < window[0]) {
                continue;
            }
            if (ok) {
                into[recorded++] = after - before;
            } else {
                failures.incrementAndGet();
            }
        }
    }

    private final AtomicLong reported = new AtomicLong();

    /** The first few failures' kinds on stderr, so that a failure count can be explained. */
    private void report(Exception e) {
        if (reported.incrementAndGet() <= 5) {
            System.err.println("# call failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void sleepUntil(long deadline) throws InterruptedException {
        long left;
        while ((left = deadline - nanos.getAsLong()) > 0) {
            Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 100)));
        }
    }

    private static LoadResult summarize(
            String target, long[][] latencies, int[] counts, long failures, double seconds, double cpuSeconds) {
        int total = Arrays.stream(counts).sum();
        var all = new long[total];
        int at = 0;
        for (int i = 0; i < latencies.length; i++) {
            System.arraycopy(latencies[i], 0, all, at, counts[i]);
            at += counts[i];
        }
        Arrays.sort(all);
        return new LoadResult(
                target,
                latencies.length,
                total,
                failures,
                seconds,
                percentile(all, 0.50),
                percentile(all, 0.90),
                percentile(all, 0.99),
                cpuSeconds);
    }

    /** Nearest-rank percentile, in microseconds; NaN when nothing was measured. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)] / (double) TimeUnit.MICROSECONDS.toNanos(1);
    }
}
