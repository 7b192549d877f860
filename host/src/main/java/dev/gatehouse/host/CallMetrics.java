package dev.gatehouse.host;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Call metrics: calls by tool and outcome, latency histograms by tool, denials by reason and
 * rate-limit rejections. Meters are looked up once per label set and kept.
 */
final class CallMetrics {

    private static final Set<String> DENIALS =
            Set.of("PERMISSION_DENIED", "APPROVAL_REQUIRED", "NOT_FOUND", "INVALID_ARGUMENTS");

    private record Key(String tool, String outcome) {}

    private final MeterRegistry registry;
    private final Map<Key, Counter> calls = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Map<String, Counter> denials = new ConcurrentHashMap<>();
    private final Map<String, Counter> rateLimited = new ConcurrentHashMap<>();
    private final Map<String, Counter> authFailures = new ConcurrentHashMap<>();

    CallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String tool, String outcome, long nanos) {
        calls.computeIfAbsent(new Key(tool, outcome), k -> Counter.builder("gatehouse.tool.calls")
                        .description("Tool calls by tool and outcome")
                        .tag("tool", k.tool())
                        .tag("outcome", k.outcome())
                        .register(registry))
                .increment();
        latency.computeIfAbsent(tool, t -> Timer.builder("gatehouse.tool.call.duration")
                        .description("Time through the whole pipeline")
                        .tag("tool", t)
                        .publishPercentileHistogram()
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
        if (DENIALS.contains(outcome)) {
            denials.computeIfAbsent(outcome, r -> Counter.builder("gatehouse.denials")
                            .description("Calls refused before execution, by reason")
                            .tag("reason", r)
                            .register(registry))
                    .increment();
        }
        if (outcome.equals("RATE_LIMITED")) {
            rateLimited
                    .computeIfAbsent(tool, t -> Counter.builder("gatehouse.ratelimit.rejections")
                            .description("Calls refused by a rate limit")
                            .tag("tool", t)
                            .register(registry))
                    .increment();
        }
    }

    /** Authentication failures, by reason; they never reach the pipeline proper. */
    void unauthenticated(String reason) {
        denials.computeIfAbsent("UNAUTHENTICATED", r -> Counter.builder("gatehouse.denials")
                        .description("Calls refused before execution, by reason")
                        .tag("reason", r)
                        .register(registry))
                .increment();
        authFailures
                .computeIfAbsent(reason, r -> Counter.builder("gatehouse.auth.failures")
                        .description("Failed authentications by reason")
                        .tag("reason", r)
                        .register(registry))
                .increment();
    }
}
