package dev.gatehouse.host;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.plugins.lifecycle.PluginRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps a running host's plugin set in step with the plugin records that {@code gatehouse plugins}
 * commands write: it reads the records every interval and, when any changed (enable, disable,
 * remove, update, consent, a tamper mark), builds a new {@link PluginSet} and swaps it in. Calls
 * already running finish on the set they started with. Every swap is a {@code plugins.reloaded}
 * audit event naming what changed; a failed rebuild keeps the old set and is audited too.
 */
final class PluginWatcher implements AutoCloseable {

    static final String PRINCIPAL = "system:host";

    private final Supplier<List<PluginRecord>> records;
    private final Supplier<PluginSet> build;
    private final AuditSink audit;
    private final Clock clock;
    private final Object lock = new Object();
    private volatile PluginSet current;
    private List<PluginRecord> seen;
    private ScheduledExecutorService timer;

    PluginWatcher(Supplier<List<PluginRecord>> records, Supplier<PluginSet> build, AuditSink audit, Clock clock) {
        this.records = records;
        this.build = build;
        this.audit = audit;
        this.clock = clock;
        // Read before building: a change made while the set is built is then seen at the next check.
        this.seen = sorted(records.get());
        this.current = build.get();
    }

    PluginSet current() {
        return current;
    }

    /** Checks every {@code interval} from now on, on a daemon thread of its own. */
    void start(Duration interval) {
        var scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("gatehouse-plugin-watch").factory());
        scheduler.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        synchronized (lock) {
            timer = scheduler;
        }
    }

    /** One check; returns whether a new set was swapped in. Never throws: the timer must go on. */
    boolean check() {
        synchronized (lock) {
            List<PluginRecord> now;
            try {
                now = sorted(records.get());
                if (now.equals(seen)) {
                    return false;
                }
                var before = current;
                var next = build.get();
                // Recorded before it takes effect: no call is ever answered by a set the log has not named.
                reloaded(seen, now, before, next);
                current = next;
                seen = now;
                return true;
            } catch (RuntimeException e) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("error", e.getClass().getSimpleName());
                try {
                    audit.record(new AuditEvent(clock.instant(), "plugins.reload_failed", PRINCIPAL, fields));
                } catch (RuntimeException ignored) {
                    // The audit log itself failed; it reports that on its own. The old set stays.
                }
                return false;
            }
        }
    }

    private void reloaded(List<PluginRecord> was, List<PluginRecord> now, PluginSet before, PluginSet after) {
        var changes = new ArrayList<String>();
        var old = byName(was);
        var neu = byName(now);
        var names = new TreeSet<>(old.keySet());
        names.addAll(neu.keySet());
        for (var name : names) {
            var a = old.get(name);
            var b = neu.get(name);
            if (a == null || b == null || !a.equals(b)) {
                changes.add(name + ": " + state(a) + " -> " + state(b));
            }
        }
        var toolsBefore = new TreeSet<String>();
        before.registry().all().forEach(t -> toolsBefore.add(t.name()));
        var toolsAfter = new TreeSet<String>();
        after.registry().all().forEach(t -> toolsAfter.add(t.name()));
        var added = new TreeSet<>(toolsAfter);
        added.removeAll(toolsBefore);
        var removed = new TreeSet<>(toolsBefore);
        removed.removeAll(toolsAfter);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("changes", List.copyOf(changes));
        fields.put("tools_added", List.copyOf(added));
        fields.put("tools_removed", List.copyOf(removed));
        audit.record(new AuditEvent(clock.instant(), "plugins.reloaded", PRINCIPAL, fields));
    }

    private static String state(PluginRecord record) {
        if (record == null) {
            return "absent";
        }
        return record.status().name().toLowerCase(java.util.Locale.ROOT) + " "
                + record.active().version()
                + record.pending().map(p -> " (pending " + p.version() + ")").orElse("");
    }

    private static Map<String, PluginRecord> byName(List<PluginRecord> records) {
        var map = new TreeMap<String, PluginRecord>();
        records.forEach(r -> map.put(r.name(), r));
        return map;
    }

    private static List<PluginRecord> sorted(List<PluginRecord> records) {
        return records.stream().sorted(Comparator.comparing(PluginRecord::name)).toList();
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (timer != null) {
                timer.shutdownNow();
            }
        }
    }
}
