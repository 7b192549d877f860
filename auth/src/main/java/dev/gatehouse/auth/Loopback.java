package dev.gatehouse.auth;

import java.util.Locale;
import java.util.Set;

/** Names that always mean this host, without a DNS lookup that an attacker could answer. */
final class Loopback {

    private static final Set<String> NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private Loopback() {}

    static boolean isLoopbackHost(String host) {
        return host != null && NAMES.contains(host.toLowerCase(Locale.ROOT));
    }
}
