package dev.gatehouse.plugins.manifest;

import dev.gatehouse.api.manifest.ToolDefinition;
import dev.gatehouse.api.manifest.ToolDefinition.Approval;
import dev.gatehouse.api.manifest.ToolDefinition.Effect;
import dev.gatehouse.api.manifest.ToolDefinition.Visibility;
import dev.gatehouse.api.manifest.ToolMiddleware;
import dev.gatehouse.config.ConfigList;
import dev.gatehouse.config.ConfigMap;
import dev.gatehouse.config.ConfigNode;
import dev.gatehouse.config.PluginLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The {@code provides_tools:} section, including each tool's middleware. */
final class ToolReader {

    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

    private final PluginLimits maxima;

    ToolReader(PluginLimits maxima) {
        this.maxima = maxima;
    }

    List<ToolDefinition> read(ConfigList list) {
        var tools = new ArrayList<ToolDefinition>();
        var firstLine = new HashMap<String, Integer>();
        for (var item : list.items()) {
            item.asMap().ifPresent(map -> tool(map).ifPresent(tool -> {
                var earlier = firstLine.putIfAbsent(tool.name(), map.node().line());
                if (earlier == null) {
                    tools.add(tool);
                    sameGlobalBudget(tools, tool, map);
                } else {
                    map.required("name")
                            .ifPresent(n -> n.problem("duplicate tool name " + ConfigNode.quote(tool.name())
                                    + " (first on line " + earlier + ")"));
                }
            }));
        }
        return tools;
    }

    /**
     * A {@code global} rate limit is one bucket for every tool of the plugin that declares it, so
     * they must agree on its size; otherwise whichever tool ran first would decide it.
     */
    private static void sameGlobalBudget(List<ToolDefinition> tools, ToolDefinition tool, ConfigMap map) {
        var mine = globalLimit(tool);
        if (mine.isEmpty()) {
            return;
        }
        tools.stream()
                .filter(other -> other != tool)
                .filter(other -> globalLimit(other).isPresent())
                .findFirst()
                .filter(first ->
                        globalLimit(first).get().intValue() != mine.get().intValue())
                .ifPresent(first -> {
                    var at = map.optional("middleware")
                            .flatMap(ConfigNode::asMap)
                            .flatMap(m -> m.optional("rate_limit"))
                            .orElse(map.node());
                    at.problem("a global rate limit is one budget shared by the plugin's tools: per_minute must"
                            + " be the same for each (tool " + ConfigNode.quote(first.name()) + " says "
                            + globalLimit(first).get() + ", this one " + mine.get() + ")");
                });
    }

    private static Optional<Integer> globalLimit(ToolDefinition tool) {
        return tool.middleware()
                .rateLimit()
                .filter(r -> r.key() == ToolMiddleware.RateLimitKey.GLOBAL)
                .map(ToolMiddleware.RateLimit::perMinute);
    }

    private Optional<ToolDefinition> tool(ConfigMap map) {
        map.allowOnly(
                "name",
                "description",
                "input_schema",
                "required_scopes",
                "effects",
                "visibility",
                "approval",
                "middleware");
        var name = map.required("name")
                .flatMap(n -> Fields.matching(
                        n,
                        "tool name",
                        NAME,
                        "letters, digits, " + "'_', '.' and '-', starting with a letter, at most 64 long"));
        var description = Fields.requiredText(map, "description", 1024);
        var schema = map.required("input_schema").flatMap(ToolReader::inputSchema);
        var scopes = map.requiredList("required_scopes").flatMap(ToolReader::scopes);
        var effects = map.required("effects").flatMap(n -> Fields.word(n, "effects", Effect.class));
        var visibility = Fields.optionalWord(map, "visibility", Visibility.class, Visibility.PUBLIC);
        var approval = Fields.optionalWord(map, "approval", Approval.class, Approval.NEVER);
        var middleware = map.optional("middleware")
                .map(n -> n.asMap().flatMap(m -> middleware(m, effects)))
                .orElse(Optional.of(ToolMiddleware.none()));
        if (name.isEmpty()
                || description.isEmpty()
                || schema.isEmpty()
                || scopes.isEmpty()
                || effects.isEmpty()
                || visibility.isEmpty()
                || approval.isEmpty()
                || middleware.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ToolDefinition(
                name.get(),
                description.get(),
                schema.get(),
                scopes.get(),
                effects.get(),
                visibility.get(),
                approval.get(),
                middleware.get()));
    }

    private static Optional<String> inputSchema(ConfigNode node) {
        return node.asMap().flatMap(map -> {
            var type = map.optional("type");
            if (type.isEmpty()) {
                node.problem("input_schema must say type: object");
                return Optional.empty();
            }
            var word = type.get().asString();
            if (word.isPresent() && !word.get().equals("object")) {
                type.get().problem("input_schema type must be object, since tool arguments are a JSON object");
                return Optional.empty();
            }
            return word.flatMap(w -> node.asCanonicalJson());
        });
    }

    private static Optional<List<String>> scopes(ConfigList list) {
        if (list.isEmpty()) {
            list.node()
                    .problem("required_scopes must name at least one scope; a tool nobody needs a scope for "
                            + "would be open to every caller");
            return Optional.empty();
        }
        var scopes = new ArrayList<String>();
        boolean ok = true;
        for (var item : list.items()) {
            var scope = ScopeReader.scope(item);
            scope.ifPresent(scopes::add);
            ok &= scope.isPresent();
        }
        return ok ? Optional.of(scopes) : Optional.empty();
    }

    private Optional<ToolMiddleware> middleware(ConfigMap map, Optional<Effect> effects) {
        map.allowOnly("timeout", "cache", "rate_limit", "retry");
        boolean ok = true;
        var timeout = map.optional("timeout").flatMap(n -> Fields.timeout(n, maxima.timeout()));
        ok &= timeout.isPresent() == map.has("timeout");
        var cache = map.optional("cache").flatMap(n -> cache(n, effects));
        ok &= cache.isPresent() == map.has("cache");
        var rateLimit = map.optional("rate_limit").flatMap(ToolReader::rateLimit);
        ok &= rateLimit.isPresent() == map.has("rate_limit");
        var retry = map.optional("retry").flatMap(n -> retry(n, effects));
        ok &= retry.isPresent() == map.has("retry");
        return ok ? Optional.of(new ToolMiddleware(timeout, cache, rateLimit, retry)) : Optional.empty();
    }

    private static Optional<ToolMiddleware.Cache> cache(ConfigNode node, Optional<Effect> effects) {
        if (effects.isPresent() && effects.get() != Effect.READ) {
            node.problem("cache is only allowed for tools whose effects is read; this one's is "
                    + effects.get().word());
            return Optional.empty();
        }
        return node.asMap().flatMap(map -> {
            map.allowOnly("ttl", "key");
            var ttl = map.requiredDuration("ttl");
            var key = Fields.optionalWord(map, "key", ToolMiddleware.CacheKey.class, ToolMiddleware.CacheKey.USER);
            return ttl.isPresent() && key.isPresent()
                    ? Optional.of(new ToolMiddleware.Cache(ttl.get(), key.get()))
                    : Optional.empty();
        });
    }

    private static Optional<ToolMiddleware.RateLimit> rateLimit(ConfigNode node) {
        return node.asMap().flatMap(map -> {
            map.allowOnly("per_minute", "key");
            var perMinute = map.required("per_minute")
                    .flatMap(n -> n.checked(n.asInt(), v -> v > 0, "per_minute must be positive"));
            var key = Fields.optionalWord(
                    map, "key", ToolMiddleware.RateLimitKey.class, ToolMiddleware.RateLimitKey.USER);
            return perMinute.isPresent() && key.isPresent()
                    ? Optional.of(new ToolMiddleware.RateLimit(perMinute.get(), key.get()))
                    : Optional.empty();
        });
    }

    private static Optional<ToolMiddleware.Retry> retry(ConfigNode node, Optional<Effect> effects) {
        if (effects.isPresent() && effects.get() == Effect.DESTRUCTIVE) {
            node.problem("retry is not allowed for destructive tools: repeating one is not safe");
            return Optional.empty();
        }
        return node.asMap().flatMap(map -> {
            map.allowOnly("max_attempts", "backoff");
            var attempts = map.required("max_attempts")
                    .flatMap(n -> n.checked(n.asInt(), v -> v >= 1 && v <= 10, "max_attempts must be from 1 to 10"));
            var backoff = map.required("backoff")
                    .flatMap(n -> n.checked(n.asNumber(), v -> v >= 1.0, "backoff must be at least 1.0"));
            return attempts.isPresent() && backoff.isPresent()
                    ? Optional.of(new ToolMiddleware.Retry(attempts.get(), backoff.get()))
                    : Optional.empty();
        });
    }
}
