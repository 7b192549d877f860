package dev.gatehouse.plugins.capability;

import dev.gatehouse.api.manifest.Capabilities;
import dev.gatehouse.api.manifest.EnvRequirement;
import dev.gatehouse.api.manifest.HookDeclaration;
import dev.gatehouse.api.manifest.PluginManifest;
import dev.gatehouse.api.manifest.Runtime;
import dev.gatehouse.api.manifest.ToolDefinition;
import dev.gatehouse.config.PluginLimits;
import dev.gatehouse.plugins.manifest.ToolFingerprint;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything a plugin version may do, flattened into comparable sets. It is what the operator
 * consents to, what a consent record stores, and what an update is diffed against.
 *
 * @param runtime {@code process: node dist/index.js}, {@code wasm: plugin.wasm} or {@code builtin}
 * @param isolation the boundary the runtime runs in
 * @param tools tool name to what was consented about it
 * @param scopes every scope the plugin's tools require, and each hierarchy edge as {@code a -> b}
 * @param limits effective limits: the manifest's, with the operator's defaults where it is silent
 */
public record CapabilitySet(
        String publisher,
        String runtime,
        String isolation,
        SortedMap<String, ToolGrant> tools,
        SortedSet<String> hooks,
        SortedSet<String> net,
        SortedSet<String> fsRead,
        SortedSet<String> fsWrite,
        SortedSet<String> env,
        SortedSet<String> secrets,
        SortedSet<String> scopes,
        EffectiveLimits limits) {

    public CapabilitySet {
        tools = Collections.unmodifiableSortedMap(new TreeMap<>(tools));
        hooks = sorted(hooks);
        net = sorted(net);
        fsRead = sorted(fsRead);
        fsWrite = sorted(fsWrite);
        env = sorted(env);
        secrets = sorted(secrets);
        scopes = sorted(scopes);
    }

    /**
     * What the operator consents to about one tool.
     *
     * @param fingerprint pins name, description and input schema (a changed description can be a
     *     prompt injection, so it needs consent like any other change)
     */
    public record ToolGrant(String fingerprint, String effects, SortedSet<String> requiredScopes, String approval) {
        public ToolGrant {
            requiredScopes = sorted(requiredScopes);
        }
    }

    public record EffectiveLimits(int memoryMb, long timeoutMillis, int cpuSeconds, int maxOutputKb, int processes) {}

    public static CapabilitySet of(PluginManifest m, PluginLimits defaults) {
        var tools = new TreeMap<String, ToolGrant>();
        var scopes = new TreeSet<String>();
        for (ToolDefinition t : m.tools()) {
            tools.put(
                    t.name(),
                    new ToolGrant(
                            ToolFingerprint.of(t),
                            t.effects().word(),
                            new TreeSet<>(t.requiredScopes()),
                            t.approval().name().toLowerCase(java.util.Locale.ROOT)));
            scopes.addAll(t.requiredScopes());
        }
        m.scopes().implies().forEach((from, tos) -> tos.forEach(to -> scopes.add(from + " -> " + to)));
        var hooks = new TreeSet<String>();
        for (HookDeclaration h : m.hooks()) {
            hooks.add(h.event().word());
        }
        var env = new TreeSet<String>();
        var secrets = new TreeSet<String>();
        for (EnvRequirement e : m.env()) {
            (e.secret() ? secrets : env).add(e.name());
        }
        Capabilities caps = m.capabilities();
        var net = new TreeSet<String>();
        caps.net().forEach(rule -> net.add(rule.toString()));
        return new CapabilitySet(
                m.publisher().orElse(""),
                runtimeWords(m.runtime()),
                isolationOf(m.runtime()),
                tools,
                hooks,
                net,
                new TreeSet<>(caps.fsRead()),
                new TreeSet<>(caps.fsWrite()),
                env,
                secrets,
                scopes,
                effective(caps.limits(), defaults));
    }

    static String runtimeWords(Runtime runtime) {
        return switch (runtime) {
            case Runtime.Process p -> "process: " + String.join(" ", p.command());
            case Runtime.Wasm w -> "wasm: " + w.module();
            case Runtime.Builtin b -> "builtin";
        };
    }

    static String isolationOf(Runtime runtime) {
        return switch (runtime) {
            case Runtime.Process p -> "bubblewrap";
            case Runtime.Wasm w -> "webassembly";
            case Runtime.Builtin b -> "host";
        };
    }

    private static EffectiveLimits effective(Capabilities.Limits l, PluginLimits d) {
        return new EffectiveLimits(
                l.memoryMb().orElse(d.memoryMb()),
                l.timeout().orElse(d.timeout()).toMillis(),
                l.cpuSeconds().orElse(d.cpuSeconds()),
                l.maxOutputKb().orElse(d.maxOutputKb()),
                l.processes().orElse(d.processes()));
    }

    /** Tool name to fingerprint: what the host compares before every call (tool pinning). */
    public Map<String, String> toolFingerprints() {
        var out = new TreeMap<String, String>();
        tools.forEach((name, grant) -> out.put(name, grant.fingerprint()));
        return Collections.unmodifiableMap(out);
    }

    private static SortedSet<String> sorted(SortedSet<String> set) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(set));
    }
}
