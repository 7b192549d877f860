package dev.gatehouse.api.manifest;

import java.time.Duration;
import java.util.Optional;

/** Per-tool middleware the manifest asks for; operator defaults fill what is empty. */
public record ToolMiddleware(
        Optional<Duration> timeout, Optional<Cache> cache, Optional<RateLimit> rateLimit, Optional<Retry> retry) {

    public static ToolMiddleware none() {
        return new ToolMiddleware(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public record Cache(Duration ttl, CacheKey key) {}

    public record RateLimit(int perMinute, RateLimitKey key) {}

    public record Retry(int maxAttempts, double backoff) {}

    public enum CacheKey {
        USER,
        GLOBAL
    }

    public enum RateLimitKey {
        USER,
        TOOL,
        GLOBAL
    }
}
