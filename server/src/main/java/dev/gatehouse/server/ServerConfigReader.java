package dev.gatehouse.server;

import dev.gatehouse.config.ConfigMap;
import dev.gatehouse.config.ConfigNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code server:}; every problem is reported on its node and the default kept. */
final class ServerConfigReader {

    private static final Pattern BIND = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9.-]{1,253}):([0-9]{1,5})");
    private static final Pattern ORIGIN =
            Pattern.compile("https?://(\\[[0-9a-fA-F:.]+]|[a-z0-9.-]{1,253})(:[0-9]{1,5})?");
    private static final Pattern HOST = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[a-z0-9.-]{1,253})(:[0-9]{1,5})?");
    private static final long MAX_BODY_CEILING = 64L * 1024 * 1024;

    private ServerConfigReader() {}

    static ServerConfig read(Optional<ConfigNode> section) {
        var map = section.flatMap(ConfigNode::asMap);
        if (map.isEmpty()) {
            return defaults();
        }
        var m = map.get();
        m.allowOnly(
                "bind",
                "allowed_origins",
                "allowed_hosts",
                "public_url",
                "max_body_bytes",
                "drain_timeout",
                "read_timeout",
                "metrics",
                "reauthenticate_after",
                "session_idle_timeout",
                "max_sessions_per_principal",
                "stream_keepalive");
        String host = ServerConfig.DEFAULT_HOST;
        int port = ServerConfig.DEFAULT_PORT;
        var bind = m.optional("bind");
        if (bind.isPresent()) {
            var text = bind.get().asString();
            var matcher = text.map(BIND::matcher);
            if (matcher.isPresent()
                    && matcher.get().matches()
                    && Integer.parseInt(matcher.get().group(2)) <= 65535) {
                host = matcher.get().group(1);
                port = Integer.parseInt(matcher.get().group(2));
            } else if (text.isPresent()) {
                bind.get().problem("bind must be host:port, such as 127.0.0.1:8787");
            }
        }
        var origins = patterned(m, "allowed_origins", ORIGIN, "an origin such as https://console.example.org");
        var hosts = patterned(m, "allowed_hosts", HOST, "a host name with an optional port");
        var publicUrl = m.optional("public_url").flatMap(ServerConfigReader::publicUrl);
        long maxBody = m.optional("max_body_bytes")
                .flatMap(n -> n.checked(
                        n.asInt(),
                        v -> v >= 1024 && v <= MAX_BODY_CEILING,
                        "max_body_bytes must be between 1024 and " + MAX_BODY_CEILING))
                .map(Integer::longValue)
                .orElse(ServerConfig.DEFAULT_MAX_BODY);
        Duration drain = m.optionalDuration("drain_timeout").orElse(ServerConfig.DEFAULT_DRAIN);
        Duration read = m.optional("read_timeout")
                .flatMap(n -> n.checked(
                        n.asDuration(),
                        d -> d.compareTo(Duration.ofSeconds(1)) >= 0 && d.compareTo(Duration.ofMinutes(10)) <= 0,
                        "read_timeout must be between 1s and 10m"))
                .orElse(ServerConfig.DEFAULT_READ);
        boolean metricsLoopback = m.optionalMap("metrics")
                .map(metrics -> {
                    metrics.allowOnly("require_loopback");
                    return metrics.optionalBool("require_loopback").orElse(true);
                })
                .orElse(true);
        var reauthenticate = m.optional("reauthenticate_after")
                .flatMap(ServerConfigReader::reauthenticateAfter)
                .orElse(ServerConfig.DEFAULT_REAUTHENTICATE);
        var idle = m.optional("session_idle_timeout")
                .flatMap(n -> n.checked(
                        n.asDuration(),
                        d -> d.compareTo(ServerConfig.MIN_IDLE) >= 0 && d.compareTo(ServerConfig.MAX_IDLE) <= 0,
                        "session_idle_timeout must be between 10s and 24h"))
                .orElse(ServerConfig.DEFAULT_IDLE);
        int perPrincipal = m.optional("max_sessions_per_principal")
                .flatMap(n -> n.checked(
                        n.asInt(),
                        v -> v >= 1 && v <= SessionRegistry.MAX_SESSIONS,
                        "max_sessions_per_principal must be between 1 and " + SessionRegistry.MAX_SESSIONS))
                .orElse(ServerConfig.DEFAULT_PER_PRINCIPAL);
        var keepAlive = m.optional("stream_keepalive")
                .flatMap(n -> n.checked(
                        n.asDuration(),
                        d -> d.compareTo(Duration.ofSeconds(1)) >= 0 && d.compareTo(ServerConfig.MAX_KEEPALIVE) <= 0,
                        "stream_keepalive must be between 1s and 10m"))
                .orElse(ServerConfig.DEFAULT_KEEPALIVE);
        return new ServerConfig(
                host,
                port,
                origins,
                hosts,
                publicUrl,
                maxBody,
                drain,
                read,
                metricsLoopback,
                new ServerConfig.Sessions(reauthenticate, idle, perPrincipal, keepAlive));
    }

    private static ServerConfig defaults() {
        return new ServerConfig(
                ServerConfig.DEFAULT_HOST,
                ServerConfig.DEFAULT_PORT,
                List.of(),
                List.of(),
                Optional.empty(),
                ServerConfig.DEFAULT_MAX_BODY,
                ServerConfig.DEFAULT_DRAIN,
                ServerConfig.DEFAULT_READ,
                true,
                new ServerConfig.Sessions(
                        ServerConfig.DEFAULT_REAUTHENTICATE,
                        ServerConfig.DEFAULT_IDLE,
                        ServerConfig.DEFAULT_PER_PRINCIPAL));
    }

    /** A duration up to 5m, or {@code 0s} (which the shared duration syntax does not allow) for every request. */
    private static Optional<Duration> reauthenticateAfter(ConfigNode node) {
        var text = node.asString();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.get().equals("0s")) {
            return Optional.of(Duration.ZERO);
        }
        return node.checked(
                node.asDuration(),
                d -> d.compareTo(ServerConfig.MAX_REAUTHENTICATE) <= 0,
                "reauthenticate_after must be between 0s and 5m");
    }

    private static List<String> patterned(ConfigMap m, String key, Pattern pattern, String what) {
        var result = new ArrayList<String>();
        m.optionalList(key).ifPresent(list -> {
            for (var item : list.items()) {
                item.asString().ifPresent(s -> {
                    var lower = s.toLowerCase(Locale.ROOT);
                    if (pattern.matcher(lower).matches()) {
                        result.add(lower);
                    } else {
                        item.problem(key + " entries must be " + what + ", found " + ConfigNode.quote(s));
                    }
                });
            }
        });
        return result;
    }

    private static Optional<URI> publicUrl(ConfigNode node) {
        return node.asString().flatMap(s -> {
            try {
                var uri = new URI(s);
                if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                        && uri.getHost() != null
                        && uri.getRawQuery() == null
                        && uri.getRawFragment() == null
                        && uri.getRawUserInfo() == null) {
                    var path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
                    return Optional.of(new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), path, null, null));
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            node.problem("public_url must be an http(s) URL without user, query or fragment");
            return Optional.empty();
        });
    }
}
