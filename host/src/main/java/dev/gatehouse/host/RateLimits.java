package dev.gatehouse.host;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.api.ErrorCode;
import dev.gatehouse.api.manifest.ToolMiddleware;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Optional;

/**
 * Token buckets per tool and key (the caller, the tool, or everyone). Idle buckets are dropped
 * after a few minutes, when they would have refilled anyway, so memory stays bounded.
 */
final class RateLimits {

    private record Key(String tool, String who) {}

    private final Cache<Key, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(5))
            .maximumSize(100_000)
            .build();

    /** @throws CallFailure RATE_LIMITED with the wait until a token is back */
    void acquire(RegisteredTool tool, String principalId) {
        var limit = tool.rateLimit();
        if (limit.isEmpty()) {
            return;
        }
        var rate = limit.get();
        var who =
                switch (rate.key()) {
                    case USER -> principalId;
                    case TOOL, GLOBAL -> "*";
                };
        var key = rate.key() == ToolMiddleware.RateLimitKey.GLOBAL ? new Key("*", "*") : new Key(tool.name(), who);
        var bucket = buckets.get(key, k -> Bucket.builder()
                .addLimit(l -> l.capacity(rate.perMinute()).refillGreedy(rate.perMinute(), Duration.ofMinutes(1)))
                .build());
        var probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            var wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
            var retryAfter = Duration.ofSeconds(Math.max(1, (wait.toMillis() + 999) / 1000));
            throw new CallFailure(
                    ErrorCode.RATE_LIMITED,
                    "rate limit of " + rate.perMinute() + "/min per "
                            + rate.key().name().toLowerCase(java.util.Locale.ROOT) + " reached",
                    Optional.of(retryAfter),
                    null);
        }
    }
}
