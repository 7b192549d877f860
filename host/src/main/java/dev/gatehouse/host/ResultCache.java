package dev.gatehouse.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.api.manifest.ToolMiddleware;
import dev.gatehouse.api.tool.ToolOutput;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cached results of read-effect tools that ask for it. Keyed by the canonical arguments and, for
 * {@code key: user}, by the caller, so one caller never sees another's result. Tool errors and
 * failures are never cached.
 */
final class ResultCache {

    private static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private record Key(String who, String arguments) {}

    private final Map<String, Cache<Key, ToolOutput>> perTool = new ConcurrentHashMap<>();

    Optional<ToolOutput> get(RegisteredTool tool, String principalId, Map<String, Object> arguments) {
        return tool.cache()
                .flatMap(c -> Optional.ofNullable(cacheOf(tool, c).getIfPresent(key(c, principalId, arguments))));
    }

    void put(RegisteredTool tool, String principalId, Map<String, Object> arguments, ToolOutput output) {
        if (output.isError()) {
            return;
        }
        tool.cache().ifPresent(c -> cacheOf(tool, c).put(key(c, principalId, arguments), output));
    }

    private Cache<Key, ToolOutput> cacheOf(RegisteredTool tool, ToolMiddleware.Cache c) {
        return perTool.computeIfAbsent(tool.name(), n -> Caffeine.newBuilder()
                .expireAfterWrite(c.ttl())
                .maximumSize(10_000)
                // Upkeep on the calling thread: handing it to the common pool wakes an idle core per call.
                .executor(Runnable::run)
                .build());
    }

    private static Key key(ToolMiddleware.Cache c, String principalId, Map<String, Object> arguments) {
        try {
            var who = c.key() == ToolMiddleware.CacheKey.USER ? principalId : "";
            return new Key(who, CANONICAL.writeValueAsString(arguments));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("arguments are not JSON-shaped", e);
        }
    }
}
