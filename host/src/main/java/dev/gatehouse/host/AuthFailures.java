package dev.gatehouse.host;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Failed authentications, aggregated per source: the first from a client on a surface within a
 * window is its own {@code auth.failure} record, the rest of that window become one {@code
 * auth.failure_repeated} record with their count by reason. A flood of bad keys once wrote 4,688
 * fsync'd records in ten seconds; now it writes two per source per window, and nothing is left
 * out: every failure is counted in a record and in the metrics.
 */
final class AuthFailures implements AutoCloseable {

    /** Sources tracked at once; failures beyond that many sources share one bucket. */
    static final int MAX_SOURCES = 10_000;

    static final String OTHERS = "(other sources)";

    private record Source(String client, String surface) {}

    private static final class Window {
        final Instant started;
        final Map<String, Integer> repeated = new TreeMap<>();

        Window(Instant started) {
            this.started = started;
        }
    }

    private final Map<Source, Window> windows = new ConcurrentHashMap<>();
    private final Duration window;
    private final AuditSink audit;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    AuthFailures(Duration window, AuditSink audit, Clock clock) {
        this.window = window;
        this.audit = audit;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("gatehouse-auth-failures").factory());
        long period = Math.max(10, window.toMillis() / 2);
        timer.scheduleWithFixedDelay(() -> flush(false), period, period, TimeUnit.MILLISECONDS);
    }

    /** Counts one failure; returns whether it is the first of its window, to be recorded on its own. */
    boolean first(String client, String surface, String reason) {
        var key = new Source(client, surface);
        if (!windows.containsKey(key) && windows.size() >= MAX_SOURCES) {
            key = new Source(OTHERS, surface);
        }
        var now = clock.instant();
        var opened = new boolean[1];
        windows.compute(key, (k, w) -> {
            if (w == null) {
                opened[0] = true;
                return new Window(now);
            }
            w.repeated.merge(reason, 1, Integer::sum);
            return w;
        });
        return opened[0];
    }

    /** Writes the repeats of every window that is over (all of them when {@code all}). */
    void flush(boolean all) {
        var now = clock.instant();
        for (var key : windows.keySet()) {
            var ended = new Window[1];
            windows.computeIfPresent(key, (k, w) -> {
                if (all || !now.isBefore(w.started.plus(window))) {
                    ended[0] = w;
                    return null;
                }
                return w;
            });
            if (ended[0] != null && !ended[0].repeated.isEmpty()) {
                record(key, ended[0], now);
            }
        }
    }

    private void record(Source key, Window w, Instant now) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("client", key.client());
        fields.put("surface", key.surface());
        fields.put(
                "count",
                w.repeated.values().stream().mapToInt(Integer::intValue).sum());
        fields.put(
                "reasons",
                w.repeated.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList());
        fields.put("since", w.started.toString());
        try {
            audit.record(new AuditEvent(now, "auth.failure_repeated", "unauthenticated", fields));
        } catch (RuntimeException e) {
            // The audit log reports its own failure; the timer must go on.
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        flush(true);
    }
}
