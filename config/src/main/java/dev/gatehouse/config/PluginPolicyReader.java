package dev.gatehouse.config;

import dev.gatehouse.api.trust.TrustLevel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The {@code plugins:} section of gatehouse.yaml. */
final class PluginPolicyReader {

    private static final List<String> LIMIT_KEYS =
            List.of("memory_mb", "timeout", "cpu_seconds", "max_output_kb", "processes");

    private PluginPolicyReader() {}

    static PluginPolicy read(ConfigMap plugins) {
        plugins.allowOnly("require_signed", "minimum_trust_level", "allowlist", "max_limits", "default_limits");
        boolean requireSigned = plugins.optionalBool("require_signed").orElse(false);
        var trust = plugins.optional("minimum_trust_level")
                .flatMap(node -> node.asWord("minimum_trust_level", TrustLevel.class))
                .orElse(TrustLevel.UNKNOWN);
        var allowlist = plugins.optionalList("allowlist")
                .map(PluginPolicyReader::allowlist)
                .orElse(List.of());
        var maxMap = plugins.optionalMap("max_limits");
        var defaultMap = plugins.optionalMap("default_limits");
        var maxima = maxMap.map(m -> limits(m, PluginLimits.DEFAULT_MAXIMA)).orElse(PluginLimits.DEFAULT_MAXIMA);
        var defaults =
                defaultMap.map(m -> limits(m, PluginLimits.DEFAULT_LIMITS)).orElse(PluginLimits.DEFAULT_LIMITS);
        checkDefaultsWithinMaxima(defaults, maxima, defaultMap, maxMap, plugins.node());
        return new PluginPolicy(requireSigned, trust, allowlist, maxima, defaults);
    }

    private static List<PluginPolicy.AllowedPlugin> allowlist(ConfigList list) {
        var result = new ArrayList<PluginPolicy.AllowedPlugin>();
        var names = new HashSet<String>();
        for (var entry : list.maps()) {
            entry.allowOnly("name", "package", "publisher");
            var name = nonBlank(entry, "name");
            var pkg = nonBlank(entry, "package");
            var publisher = nonBlank(entry, "publisher");
            if (name.isPresent() && !names.add(name.get())) {
                entry.node().problem("plugin " + ConfigNode.quote(name.get()) + " is already in the allowlist");
            }
            if (name.isPresent() && pkg.isPresent() && publisher.isPresent()) {
                result.add(new PluginPolicy.AllowedPlugin(name.get(), pkg.get(), publisher.get()));
            }
        }
        return result;
    }

    private static Optional<String> nonBlank(ConfigMap map, String key) {
        return map.required(key)
                .flatMap(node -> node.checked(node.asString(), s -> !s.isBlank(), key + " must not be blank"));
    }

    private static PluginLimits limits(ConfigMap map, PluginLimits fallback) {
        map.allowOnly(LIMIT_KEYS.toArray(String[]::new));
        return new PluginLimits(
                positive(map, "memory_mb").orElse(fallback.memoryMb()),
                map.optionalDuration("timeout").orElse(fallback.timeout()),
                positive(map, "cpu_seconds").orElse(fallback.cpuSeconds()),
                positive(map, "max_output_kb").orElse(fallback.maxOutputKb()),
                positive(map, "processes").orElse(fallback.processes()));
    }

    private static Optional<Integer> positive(ConfigMap map, String key) {
        return map.optional(key).flatMap(node -> node.checked(node.asInt(), v -> v > 0, key + " must be positive"));
    }

    private static void checkDefaultsWithinMaxima(
            PluginLimits defaults,
            PluginLimits maxima,
            Optional<ConfigMap> defaultMap,
            Optional<ConfigMap> maxMap,
            ConfigNode section) {
        check("memory_mb", PluginLimits::memoryMb, defaults, maxima, defaultMap, maxMap, section);
        check("cpu_seconds", PluginLimits::cpuSeconds, defaults, maxima, defaultMap, maxMap, section);
        check("max_output_kb", PluginLimits::maxOutputKb, defaults, maxima, defaultMap, maxMap, section);
        check("processes", PluginLimits::processes, defaults, maxima, defaultMap, maxMap, section);
        if (defaults.timeout().compareTo(maxima.timeout()) > 0) {
            where("timeout", defaultMap, maxMap, section)
                    .problem("default timeout " + Durations.format(defaults.timeout()) + " exceeds the maximum "
                            + Durations.format(maxima.timeout()));
        }
    }

    private static void check(
            String key,
            Function<PluginLimits, Integer> field,
            PluginLimits defaults,
            PluginLimits maxima,
            Optional<ConfigMap> defaultMap,
            Optional<ConfigMap> maxMap,
            ConfigNode section) {
        int d = field.apply(defaults);
        int max = field.apply(maxima);
        if (d > max) {
            where(key, defaultMap, maxMap, section).problem("default " + key + " " + d + " exceeds the maximum " + max);
        }
    }

    /** Blame the default the operator wrote, else the maximum they lowered below the built-in default. */
    private static ConfigNode where(
            String key, Optional<ConfigMap> defaultMap, Optional<ConfigMap> maxMap, ConfigNode section) {
        return defaultMap
                .flatMap(m -> m.optional(key))
                .or(() -> maxMap.flatMap(m -> m.optional(key)))
                .orElse(section);
    }
}
