package dev.gatehouse.plugins.manifest;

import dev.gatehouse.api.manifest.Capabilities;
import dev.gatehouse.api.manifest.Capabilities.Limits;
import dev.gatehouse.api.manifest.Capabilities.NetRule;
import dev.gatehouse.config.ConfigList;
import dev.gatehouse.config.ConfigMap;
import dev.gatehouse.config.ConfigNode;
import dev.gatehouse.config.GrantedPathSyntax;
import dev.gatehouse.config.NetRuleSyntax;
import dev.gatehouse.config.PluginLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.ToIntFunction;

/** The {@code capabilities:} section: hosts, paths and resource limits. */
final class CapabilityReader {

    private final PluginLimits maxima;

    CapabilityReader(PluginLimits maxima) {
        this.maxima = maxima;
    }

    Capabilities read(Optional<ConfigMap> section) {
        if (section.isEmpty()) {
            return Capabilities.none();
        }
        var map = section.get();
        map.allowOnly("net", "fs", "limits");
        var net = map.optionalList("net").map(CapabilityReader::net).orElse(List.of());
        var fs = map.optionalMap("fs");
        fs.ifPresent(f -> f.allowOnly("read", "write"));
        var read = fs.flatMap(f -> f.optionalList("read"))
                .map(CapabilityReader::paths)
                .orElse(List.of());
        var write = fs.flatMap(f -> f.optionalList("write"))
                .map(CapabilityReader::paths)
                .orElse(List.of());
        var limits = map.optionalMap("limits").map(this::limits).orElse(Limits.unset());
        return new Capabilities(net, read, write, limits);
    }

    private static List<NetRule> net(ConfigList list) {
        var rules = new ArrayList<NetRule>();
        for (var item : list.items()) {
            item.asString().ifPresent(text -> {
                switch (NetRuleSyntax.parse(text)) {
                    case NetRuleSyntax.Valid v -> rules.add(v.rule());
                    case NetRuleSyntax.Invalid i ->
                        item.problem("net entry " + ConfigNode.quote(text) + ": " + i.reason());
                }
            });
        }
        return rules;
    }

    private static List<String> paths(ConfigList list) {
        var paths = new ArrayList<String>();
        for (var item : list.items()) {
            item.asString().ifPresent(path -> {
                GrantedPathSyntax.problem(path)
                        .ifPresentOrElse(
                                reason -> item.problem("path " + ConfigNode.quote(path) + " " + reason),
                                () -> paths.add(path));
            });
        }
        return paths;
    }

    private Limits limits(ConfigMap map) {
        map.allowOnly("memory_mb", "timeout", "cpu_seconds", "max_output_kb", "processes");
        return new Limits(
                bounded(map, "memory_mb", PluginLimits::memoryMb),
                map.optional("timeout").flatMap(n -> Fields.timeout(n, maxima.timeout())),
                bounded(map, "cpu_seconds", PluginLimits::cpuSeconds),
                bounded(map, "max_output_kb", PluginLimits::maxOutputKb),
                bounded(map, "processes", PluginLimits::processes));
    }

    private OptionalInt bounded(ConfigMap map, String key, ToIntFunction<PluginLimits> field) {
        var node = map.optional(key);
        var value = node.flatMap(ConfigNode::asInt);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        int v = value.get();
        int max = field.applyAsInt(maxima);
        if (v <= 0) {
            node.get().problem(key + " must be positive");
            return OptionalInt.empty();
        }
        if (v > max) {
            node.get().problem(key + " " + v + " is above the operator's maximum of " + max);
            return OptionalInt.empty();
        }
        return OptionalInt.of(v);
    }
}
