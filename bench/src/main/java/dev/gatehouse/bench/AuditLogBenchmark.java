package dev.gatehouse.bench;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.audit.AuditLogOptions;
import dev.gatehouse.audit.AuditVerifier;
import dev.gatehouse.audit.CheckpointSigner;
import dev.gatehouse.audit.FileCheckpointKey;
import dev.gatehouse.audit.TamperEvidentAuditLog;
import dev.gatehouse.audit.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The tamper-evident audit log: durable appends from one writer and from 64 concurrent writers
 * (each append returns only after its fsync; group commit shares fsyncs), and {@code audit verify}
 * over a million records. The log lives under {@code gatehouse.bench.dir} (default {@code target/bench-audit}), so
 * the figures are for the disk that directory is on.
 */
public class AuditLogBenchmark {

    static Path base() {
        return Path.of(System.getProperty("gatehouse.bench.dir", "target/bench-audit"))
                .toAbsolutePath();
    }

    static CheckpointSigner signer() {
        return FileCheckpointKey.loadOrCreate(base().resolve("checkpoint-key"), new SecureRandom());
    }

    static AuditEvent event(long i) {
        return new AuditEvent(
                Instant.now(),
                "tool.call",
                "key:bench-" + (i % 64),
                Map.of(
                        "tool", "files_read",
                        "plugin", "files",
                        "outcome", "ok",
                        "authorization", "scope:files:read",
                        "duration_us", 812L,
                        "surface", "mcp",
                        "client", "127.0.0.1",
                        "output_chars", 1024L));
    }

    @State(Scope.Benchmark)
    public static class OpenLog {
        TamperEvidentAuditLog log;
        Path dir;
        final AtomicLong counter = new AtomicLong();

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = base().resolve("appends-" + System.nanoTime());
            log = TamperEvidentAuditLog.open(dir, AuditLogOptions.defaults(), signer(), Clock.systemUTC());
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            var stats = log.stats();
            log.close();
            System.out.printf(
                    "%naudit appends: %d events, %d group commits, %d fsyncs, mean batch %.1f, largest batch %d,"
                            + " %d checkpoints, %d rotations%n",
                    stats.records(),
                    stats.batches(),
                    stats.fsyncs(),
                    stats.meanBatch(),
                    stats.largestBatch(),
                    stats.checkpoints(),
                    stats.rotations());
            delete(dir);
        }
    }

    @Benchmark
    @Threads(64)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 2, time = 5)
    @Measurement(iterations = 5, time = 10)
    @Fork(1)
    public long durableAppend64Writers(OpenLog state) {
        return state.log.append(event(state.counter.incrementAndGet()));
    }

    /**
     * One writer alone: every append waits for its own fsync, as a single caller of {@code
     * gatehouse serve} does. The mean is the latency one durable record adds to a call.
     */
    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 2, time = 5)
    @Measurement(iterations = 5, time = 10)
    @Fork(1)
    public long durableAppendOneWriter(OpenLog state) {
        return state.log.append(event(state.counter.incrementAndGet()));
    }

    @State(Scope.Benchmark)
    public static class MillionRecords {
        static final int RECORDS = 1_000_000;
        Path dir;
        CheckpointSigner signer;

        /** Writes the fixture once (64 writers, durable) and reuses it across runs. */
        @Setup(Level.Trial)
        public void write() throws Exception {
            dir = base().resolve("verify-1m");
            signer = signer();
            if (Files.exists(dir.resolve("complete"))) {
                return;
            }
            delete(dir);
            var remaining = new AtomicLong(RECORDS);
            try (var log = TamperEvidentAuditLog.open(dir, AuditLogOptions.defaults(), signer, Clock.systemUTC());
                    var pool = Executors.newFixedThreadPool(64)) {
                for (int w = 0; w < 64; w++) {
                    pool.submit(() -> {
                        long i;
                        while ((i = remaining.getAndDecrement()) > 0) {
                            log.append(event(i));
                        }
                    });
                }
            }
            Files.createFile(dir.resolve("complete"));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    @Fork(value = 1, jvmArgs = "-Xmx4g")
    public VerificationReport verifyMillionRecords(MillionRecords state) {
        var report = AuditVerifier.verify(state.dir, state.signer.publicKey());
        if (!report.intact() || report.records() < MillionRecords.RECORDS) {
            throw new IllegalStateException("the fixture does not verify: " + report.problem());
        }
        return report;
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (var p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
