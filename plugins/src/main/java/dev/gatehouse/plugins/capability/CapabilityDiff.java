package dev.gatehouse.plugins.capability;

import dev.gatehouse.plugins.capability.CapabilitySet.EffectiveLimits;
import dev.gatehouse.plugins.capability.CapabilitySet.ToolGrant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What changes between two capability sets, item by item. An update that only removes or keeps may
 * take effect at once; anything added, raised or changed waits for the operator's consent.
 */
public record CapabilityDiff(List<Change> changes) {

    public CapabilityDiff {
        changes = List.copyOf(changes);
    }

    public enum Kind {
        ADDED,
        REMOVED,
        CHANGED,
        RAISED,
        LOWERED;

        /** Whether a change of this kind grants the plugin something it did not have. */
        public boolean widens() {
            return this == ADDED || this == CHANGED || this == RAISED;
        }
    }

    /**
     * @param category what kind of capability: tool, hook, net, fs.read, fs.write, env, secret,
     *     scope, limit, runtime, isolation, publisher
     * @param item the capability itself, e.g. {@code acme.crm.example.com:443}
     * @param detail for CHANGED, RAISED and LOWERED: before and after
     */
    public record Change(String category, Kind kind, String item, String detail) {}

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public boolean requiresConsent() {
        return changes.stream().anyMatch(c -> c.kind().widens());
    }

    public static CapabilityDiff between(CapabilitySet before, CapabilitySet after) {
        var out = new ArrayList<Change>();
        scalar(out, "publisher", before.publisher(), after.publisher());
        scalar(out, "runtime", before.runtime(), after.runtime());
        scalar(out, "isolation", before.isolation(), after.isolation());
        tools(out, before, after);
        sets(out, "hook", before.hooks(), after.hooks());
        sets(out, "net", before.net(), after.net());
        sets(out, "fs.read", before.fsRead(), after.fsRead());
        sets(out, "fs.write", before.fsWrite(), after.fsWrite());
        sets(out, "env", before.env(), after.env());
        sets(out, "secret", before.secrets(), after.secrets());
        sets(out, "scope", before.scopes(), after.scopes());
        limits(out, before.limits(), after.limits());
        return new CapabilityDiff(out);
    }

    private static void scalar(List<Change> out, String category, String before, String after) {
        if (!Objects.equals(before, after)) {
            out.add(new Change(category, Kind.CHANGED, after, quote(before) + " -> " + quote(after)));
        }
    }

    private static String quote(String s) {
        return s.isEmpty() ? "(none)" : s;
    }

    private static void tools(List<Change> out, CapabilitySet before, CapabilitySet after) {
        sets(
                out,
                "tool",
                new TreeSet<>(before.tools().keySet()),
                new TreeSet<>(after.tools().keySet()));
        before.tools().forEach((name, was) -> {
            ToolGrant now = after.tools().get(name);
            if (now == null) {
                return;
            }
            if (!was.fingerprint().equals(now.fingerprint())) {
                out.add(new Change("tool", Kind.CHANGED, name, "definition (name, description or input schema)"));
            }
            if (!was.effects().equals(now.effects())) {
                out.add(new Change("tool", Kind.CHANGED, name, "effects " + was.effects() + " -> " + now.effects()));
            }
            if (!was.requiredScopes().equals(now.requiredScopes())) {
                out.add(new Change(
                        "tool",
                        Kind.CHANGED,
                        name,
                        "required scopes " + was.requiredScopes() + " -> " + now.requiredScopes()));
            }
            if (!was.approval().equals(now.approval())) {
                out.add(new Change("tool", Kind.CHANGED, name, "approval " + was.approval() + " -> " + now.approval()));
            }
        });
    }

    private static void sets(List<Change> out, String category, SortedSet<String> before, SortedSet<String> after) {
        for (var item : after) {
            if (!before.contains(item)) {
                out.add(new Change(category, Kind.ADDED, item, ""));
            }
        }
        for (var item : before) {
            if (!after.contains(item)) {
                out.add(new Change(category, Kind.REMOVED, item, ""));
            }
        }
    }

    private static void limits(List<Change> out, EffectiveLimits before, EffectiveLimits after) {
        limit(out, "memory_mb", before, after, l -> (long) l.memoryMb());
        limit(out, "timeout_ms", before, after, EffectiveLimits::timeoutMillis);
        limit(out, "cpu_seconds", before, after, l -> (long) l.cpuSeconds());
        limit(out, "max_output_kb", before, after, l -> (long) l.maxOutputKb());
        limit(out, "processes", before, after, l -> (long) l.processes());
    }

    private static void limit(
            List<Change> out,
            String name,
            EffectiveLimits before,
            EffectiveLimits after,
            Function<EffectiveLimits, Long> field) {
        long was = field.apply(before);
        long now = field.apply(after);
        if (was != now) {
            out.add(new Change("limit", now > was ? Kind.RAISED : Kind.LOWERED, name, was + " -> " + now));
        }
    }
}
