package dev.gatehouse.bench;

import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.audit.AuditLogStats;
import dev.gatehouse.audit.TamperEvidentAuditLog;
import dev.gatehouse.auth.ApiKeyStore;
import dev.gatehouse.config.ConfigSection;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.config.OperatorConfig;
import dev.gatehouse.config.OperatorConfigLoader;
import dev.gatehouse.host.FirstRun;
import dev.gatehouse.host.HostOptions;
import dev.gatehouse.host.HostRuntime;
import dev.gatehouse.server.ServerConfig;
import dev.gatehouse.storage.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A host opened the way {@code gatehouse serve} opens one, on a fresh home in a temporary
 * directory, with the no-op builtin added and the configuration every measurement shares: one
 * CEL policy that is evaluated on every call, and room for the load harness's concurrency.
 */
final class BenchHost implements AutoCloseable {

    /** The policy every call is evaluated against; the benchmarks never send the value it denies. */
    static final String FORBIDDEN = "forbidden";

    private static final String CONFIG = """
            # Written by the benchmarks; see docs/PERFORMANCE.md.
            server:
              bind: 127.0.0.1:0
            scopes:
              hierarchy:
                "bench:admin": ["bench:write"]
                "bench:write": ["bench:read"]
            policies:
              - id: no-forbidden-query
                effect: deny
                when: "has(args.q) && args.q == '%s'"
            calls:
              max_concurrent_per_plugin: 1024
            plugins:
              require_signed: false
              minimum_trust_level: unknown
            """.formatted(FORBIDDEN);

    private final Path root;
    private final HostRuntime host;
    private final String adminKey;
    private final OperatorConfig config;
    private AuditSink audit;

    private BenchHost(Path root, HostRuntime host, String adminKey, OperatorConfig config) {
        this.root = root;
        this.host = host;
        this.adminKey = adminKey;
        this.config = config;
    }

    static BenchHost open(AuditMode mode, MeterRegistry meters, Clock clock) {
        Path root;
        try {
            root = Files.createTempDirectory("gatehouse-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var home = new GatehouseHome(root.resolve("home"));
        var audit = mode.sink(home);
        try {
            var first = FirstRun.ensure(home, audit, clock);
            Files.writeString(home.configFile(), CONFIG, StandardCharsets.UTF_8);
            var sections = new ArrayList<ConfigSection<?>>(HostRuntime.SECTIONS);
            sections.add(ServerConfig.SECTION);
            var config = new OperatorConfigLoader(home.root(), sections).load();
            var host = HostRuntime.open(
                    home,
                    config,
                    audit,
                    meters,
                    clock,
                    HostOptions.defaults().withExtraBuiltins(List.of(NoopTool.builtin())));
            first.adminKey().orElseThrow(() -> new IllegalStateException("the home was not new"));
            // A key at the top of a three-level hierarchy: every check walks bench:admin -> write -> read.
            String key;
            try (var db = Database.open(home.root().resolve("data/gatehouse.db"))) {
                key = ApiKeyStore.sqlite(db, clock, new SecureRandom())
                        .create("bench", Set.of("bench:admin"), Optional.empty())
                        .key();
            }
            var opened = new BenchHost(root, host, key, config);
            opened.audit = audit;
            return opened;
        } catch (IOException | RuntimeException e) {
            delete(root);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    HostRuntime host() {
        return host;
    }

    /** A key holding only {@code bench:admin}; kept in memory only. */
    String adminKey() {
        return adminKey;
    }

    /** The durable log's counters since it was opened; empty for the in-memory sink. */
    Optional<AuditLogStats> auditStats() {
        return audit instanceof TamperEvidentAuditLog log ? Optional.of(log.stats()) : Optional.empty();
    }

    ServerConfig serverConfig() {
        return config.section(ServerConfig.SECTION);
    }

    @Override
    public void close() {
        try {
            host.close();
            if (audit instanceof AutoCloseable closeable) {
                closeable.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("closing the bench host failed", e);
        } finally {
            delete(root);
        }
    }

    private static void delete(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless; the measurement is what matters.
        }
    }

    @Override
    public String toString() {
        return "BenchHost[" + root + "]";
    }
}
