package dev.gatehouse.server;

import dev.gatehouse.config.ConfigSection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code server:} section of gatehouse.yaml.
 *
 * @param bindHost the address to listen on; loopback unless the operator says otherwise
 * @param bindPort the port; 0 picks a free one (tests)
 * @param allowedOrigins browser origins allowed besides the server's own loopback origins
 * @param allowedHosts Host header values allowed besides the bind address and loopback names
 * @param publicUrl the URL clients reach the server at, when it is behind a proxy
 * @param maxBodyBytes the largest request body read
 * @param drainTimeout how long shutdown waits for calls in flight
 * @param readTimeout how long a request's head and body may take to arrive
 * @param metricsRequireLoopback whether {@code /metrics} answers only loopback peers
 * @param sessions how long MCP sessions reuse an authentication and live, and how many one
 *     principal may hold
 */
public record ServerConfig(
        String bindHost,
        int bindPort,
        List<String> allowedOrigins,
        List<String> allowedHosts,
        Optional<URI> publicUrl,
        long maxBodyBytes,
        Duration drainTimeout,
        Duration readTimeout,
        boolean metricsRequireLoopback,
        Sessions sessions) {

    /**
     * @param reauthenticateAfter how long an MCP session reuses the authentication of the
     *     credential it last verified; zero authenticates every request. Bounds how late a revoked
     *     or expired credential is noticed on an open session.
     * @param idleTimeout a session unused this long ends; its client gets 404 and starts another
     * @param maxPerPrincipal starting one more ends the principal's least recently used session
     * @param streamKeepAlive how often an open event stream gets a ping; a client that went away is
     *     noticed at the next one, and its connection closed
     */
    public record Sessions(
            Duration reauthenticateAfter, Duration idleTimeout, int maxPerPrincipal, Duration streamKeepAlive) {

        public Sessions(Duration reauthenticateAfter, Duration idleTimeout, int maxPerPrincipal) {
            this(reauthenticateAfter, idleTimeout, maxPerPrincipal, DEFAULT_KEEPALIVE);
        }

        public Sessions {
            if (streamKeepAlive.compareTo(MIN_KEEPALIVE) < 0 || streamKeepAlive.compareTo(MAX_KEEPALIVE) > 0) {
                throw new IllegalArgumentException("server stream keep-alive out of range");
            }
            if (reauthenticateAfter.isNegative()
                    || reauthenticateAfter.compareTo(MAX_REAUTHENTICATE) > 0
                    || idleTimeout.compareTo(MIN_IDLE) < 0
                    || idleTimeout.compareTo(MAX_IDLE) > 0
                    || maxPerPrincipal < 1
                    || maxPerPrincipal > SessionRegistry.MAX_SESSIONS) {
                throw new IllegalArgumentException("server session settings out of range");
            }
        }
    }

    public static final ConfigSection<ServerConfig> SECTION =
            new ConfigSection<>("server", ServerConfig.class, ServerConfigReader::read);

    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 8787;
    static final long DEFAULT_MAX_BODY = 4L * 1024 * 1024;
    static final Duration DEFAULT_DRAIN = Duration.ofSeconds(10);
    static final Duration DEFAULT_READ = Duration.ofSeconds(30);
    static final Duration DEFAULT_REAUTHENTICATE = Duration.ofSeconds(10);
    static final Duration MAX_REAUTHENTICATE = Duration.ofMinutes(5);
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(30);
    static final Duration MIN_IDLE = Duration.ofSeconds(10);
    static final Duration MAX_IDLE = Duration.ofHours(24);
    static final int DEFAULT_PER_PRINCIPAL = 100;
    static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(30);
    static final Duration MIN_KEEPALIVE = Duration.ofMillis(100);
    static final Duration MAX_KEEPALIVE = Duration.ofMinutes(10);

    public ServerConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedHosts = List.copyOf(allowedHosts);
        if (bindPort < 0
                || bindPort > 65535
                || maxBodyBytes <= 0
                || drainTimeout.isNegative()
                || readTimeout.isNegative()
                || readTimeout.isZero()) {
            throw new IllegalArgumentException("server config out of range");
        }
    }

    /**
     * The defaults: loopback on 8787, no extra origins, 4 MiB bodies, 10 s drain, loopback-only
     * metrics, sessions re-authenticated at least every 10 s, ended after 30 minutes unused, at
     * most 100 per principal.
     */
    public static ServerConfig defaults() {
        return SECTION.defaults();
    }

    /** The same configuration listening elsewhere; tests use port 0. */
    public ServerConfig withBind(String host, int port) {
        return new ServerConfig(
                host,
                port,
                allowedOrigins,
                allowedHosts,
                publicUrl,
                maxBodyBytes,
                drainTimeout,
                readTimeout,
                metricsRequireLoopback,
                sessions);
    }

    /** The same configuration with another session re-authentication interval; zero for every request. */
    public ServerConfig withReauthenticateAfter(Duration interval) {
        return withSessions(
                new Sessions(interval, sessions.idleTimeout(), sessions.maxPerPrincipal(), sessions.streamKeepAlive()));
    }

    /** The same configuration with other session settings. */
    public ServerConfig withSessions(Sessions settings) {
        return new ServerConfig(
                bindHost,
                bindPort,
                allowedOrigins,
                allowedHosts,
                publicUrl,
                maxBodyBytes,
                drainTimeout,
                readTimeout,
                metricsRequireLoopback,
                settings);
    }

    /** The same configuration with another read deadline. */
    public ServerConfig withReadTimeout(Duration timeout) {
        return new ServerConfig(
                bindHost,
                bindPort,
                allowedOrigins,
                allowedHosts,
                publicUrl,
                maxBodyBytes,
                drainTimeout,
                timeout,
                metricsRequireLoopback,
                sessions);
    }

    /** Shorthand for {@code sessions().reauthenticateAfter()}. */
    public Duration reauthenticateAfter() {
        return sessions.reauthenticateAfter();
    }
}
