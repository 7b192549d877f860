package dev.gatehouse.host;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many calls each principal has running in each plugin, and a cap on it below the plugin's own
 * cap: sixteen slow calls by one key once filled every slot of a plugin, so nobody else could use
 * it. A principal at its share is refused at once (UNAVAILABLE); the rest stays for others.
 */
final class ConcurrencyShares {

    private record Key(String plugin, String principal) {}

    private final ConcurrentHashMap<Key, Integer> running = new ConcurrentHashMap<>();
    private final int perPrincipal;

    ConcurrencyShares(int perPrincipal) {
        if (perPrincipal < 1) {
            throw new IllegalArgumentException("a share is at least one call");
        }
        this.perPrincipal = perPrincipal;
    }

    /** Half of the plugin's cap, rounded up, and never less than one: a lone caller still gets work done. */
    static int shareOf(int pluginCap) {
        return Math.max(1, (pluginCap + 1) / 2);
    }

    int perPrincipal() {
        return perPrincipal;
    }

    boolean tryAcquire(String plugin, String principal) {
        var admitted = new boolean[1];
        running.compute(new Key(plugin, principal), (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= perPrincipal) {
                return n;
            }
            admitted[0] = true;
            return now + 1;
        });
        return admitted[0];
    }

    void release(String plugin, String principal) {
        // Removed at zero, so principals that come and go leave no entries behind.
        running.computeIfPresent(new Key(plugin, principal), (k, n) -> n <= 1 ? null : n - 1);
    }
}
