package dev.gatehouse.host;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.api.ErrorCode;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Optional;

/**
 * Token buckets by the manifest's key: {@code user}, one per tool and caller; {@code tool}, one per
 * tool for all callers; {@code global}, one per plugin for all its tools that say {@code global}
 * and all callers. A plugin's buckets are its own: no plugin can spend another's budget. Idle
 * buckets are dropped after a few minutes, when they would have refilled anyway, so memory stays
 * bounded.
 */
final class RateLimits {

    /**
     * @param scope {@code tool:<name>} or {@code plugin:<name>}
     * @param perMinute part of the key so that tools sharing a plugin's global bucket but given
     *     different limits (an operator override) never silently take another tool's capacity
     */
    private record Key(String scope, String who, int perMinute) {}

    private final Cache<Key, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(5))
            .maximumSize(100_000)
            // Upkeep on the calling thread: handing it to the common pool wakes an idle core per call.
            .executor(Runnable::run)
            .build();

    /** @throws CallFailure RATE_LIMITED with the wait until a token is back */
    void acquire(RegisteredTool tool, String principalId) {
        var limit = tool.rateLimit();
        if (limit.isEmpty()) {
            return;
        }
        var rate = limit.get();
        var key =
                switch (rate.key()) {
                    case USER -> new Key("tool:" + tool.name(), principalId, rate.perMinute());
                    case TOOL -> new Key("tool:" + tool.name(), "*", rate.perMinute());
                    case GLOBAL -> new Key("plugin:" + tool.plugin(), "*", rate.perMinute());
                };
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
