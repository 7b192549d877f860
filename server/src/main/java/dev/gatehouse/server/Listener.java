package dev.gatehouse.server;

import java.net.InetAddress;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** The names the server answers to, derived once its port is known. */
record Listener(ServerConfig config, int port) {

    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");

    URI base() {
        return config.publicUrl().orElseGet(() -> URI.create("http://" + hostForUrl(config.bindHost()) + ":" + port));
    }

    String mcpUrl() {
        return base() + "/mcp";
    }

    String resourceMetadataUrl() {
        return base() + "/.well-known/oauth-protected-resource";
    }

    /** Allowed Host values; empty (no check) when listening beyond loopback with no list given. */
    Set<String> hosts() {
        var hosts = new LinkedHashSet<String>(config.allowedHosts());
        config.publicUrl().ifPresent(u -> hosts.add(authority(u)));
        if (loopback()) {
            for (var name : LOOPBACK_NAMES) {
                hosts.add(name + ":" + port);
            }
            if (port == 80) {
                hosts.addAll(LOOPBACK_NAMES);
            }
        } else if (config.allowedHosts().isEmpty()) {
            return Set.of();
        }
        return hosts;
    }

    Set<String> origins() {
        var origins = new LinkedHashSet<String>();
        origins.addAll(config.allowedOrigins());
        config.publicUrl().ifPresent(u -> origins.add(u.getScheme() + "://" + authority(u)));
        for (var name : LOOPBACK_NAMES) {
            origins.add("http://" + name + ":" + port);
        }
        return origins;
    }

    private boolean loopback() {
        var host = config.bindHost();
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        try {
            var literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return InetAddress.ofLiteral(literal).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String authority(URI uri) {
        var host = uri.getHost().toLowerCase(Locale.ROOT);
        return uri.getPort() == -1 ? host : host + ":" + uri.getPort();
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
