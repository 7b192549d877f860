package dev.gatehouse.host;

import dev.gatehouse.api.manifest.ToolMiddleware;
import dev.gatehouse.config.ConfigMap;
import dev.gatehouse.config.ConfigNode;
import dev.gatehouse.config.ConfigSection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the host runs calls ({@code calls:} in gatehouse.yaml): operator defaults for middleware
 * and per-tool overrides that take precedence over what a manifest asks for.
 *
 * @param timeout applied to every call whose manifest sets none; a call always has a timeout
 * @param maxConcurrentPerPlugin calls to one plugin beyond this are refused as UNAVAILABLE
 * @param hookTimeout how long one hook may run before it is abandoned
 * @param breakerFailures failures in the last ten calls of a plugin that open its circuit
 * @param breakerOpenFor how long an open circuit refuses calls before trying again
 */
public record CallsConfig(
        Duration timeout,
        int maxConcurrentPerPlugin,
        Duration hookTimeout,
        int breakerFailures,
        Duration breakerOpenFor,
        Map<String, ToolOverride> tools) {

    public static final ConfigSection<CallsConfig> SECTION =
            new ConfigSection<>("calls", CallsConfig.class, CallsConfig::read);

    public CallsConfig {
        tools = Map.copyOf(tools);
    }

    public static CallsConfig defaults() {
        return new CallsConfig(Duration.ofSeconds(30), 16, Duration.ofSeconds(2), 5, Duration.ofSeconds(30), Map.of());
    }

    /** What the operator overrides for one tool; empty parts keep the manifest's choice. */
    public record ToolOverride(
            Optional<List<String>> requiredScopes,
            Optional<Duration> timeout,
            Optional<ToolMiddleware.RateLimit> rateLimit) {}

    static CallsConfig read(Optional<ConfigNode> node) {
        var d = defaults();
        return node.flatMap(ConfigNode::asMap)
                .map(m -> {
                    m.allowOnly("timeout", "max_concurrent_per_plugin", "hook_timeout", "circuit_breaker", "tools");
                    var breaker = m.optionalMap("circuit_breaker");
                    breaker.ifPresent(b -> b.allowOnly("failures", "open_for"));
                    var tools = new HashMap<String, ToolOverride>();
                    m.optionalMap("tools").ifPresent(t -> t.entries()
                            .forEach(e -> e.value().asMap().ifPresent(o -> tools.put(e.key(), override(o)))));
                    return new CallsConfig(
                            m.optionalDuration("timeout").orElse(d.timeout()),
                            positive(m, "max_concurrent_per_plugin", d.maxConcurrentPerPlugin()),
                            m.optionalDuration("hook_timeout").orElse(d.hookTimeout()),
                            breaker.map(b -> positive(b, "failures", d.breakerFailures()))
                                    .orElse(d.breakerFailures()),
                            breaker.flatMap(b -> b.optionalDuration("open_for")).orElse(d.breakerOpenFor()),
                            tools);
                })
                .orElse(d);
    }

    private static ToolOverride override(ConfigMap o) {
        o.allowOnly("required_scopes", "timeout", "rate_limit");
        var scopes = o.optionalList("required_scopes").map(l -> l.strings());
        var rate = o.optionalMap("rate_limit").map(r -> {
            r.allowOnly("per_minute", "key");
            int perMinute = positive(r, "per_minute", 60);
            var key = r.optionalString("key").orElse("user");
            var parsed =
                    switch (key) {
                        case "user" -> ToolMiddleware.RateLimitKey.USER;
                        case "tool" -> ToolMiddleware.RateLimitKey.TOOL;
                        case "global" -> ToolMiddleware.RateLimitKey.GLOBAL;
                        default -> {
                            r.optional("key").ifPresent(k -> k.problem("key must be user, tool or global"));
                            yield ToolMiddleware.RateLimitKey.USER;
                        }
                    };
            return new ToolMiddleware.RateLimit(perMinute, parsed);
        });
        return new ToolOverride(scopes, o.optionalDuration("timeout"), rate);
    }

    private static int positive(ConfigMap m, String key, int fallback) {
        var value = m.optionalInt(key);
        if (value.isPresent() && value.get() < 1) {
            m.optional(key).ifPresent(n -> n.problem(key + " must be at least 1"));
            return fallback;
        }
        return value.orElse(fallback);
    }
}
