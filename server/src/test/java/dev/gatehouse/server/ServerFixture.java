package dev.gatehouse.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;

/** A real server on an ephemeral loopback port over a {@link TestGateway}. */
final class ServerFixture implements AutoCloseable {

    final TestGateway gateway;
    final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final GatehouseServer server;

    ServerFixture(boolean anonymous) {
        this(anonymous, ServerConfig.defaults());
    }

    ServerFixture(boolean anonymous, ServerConfig config) {
        this(anonymous, config, Clock.systemUTC());
    }

    ServerFixture(boolean anonymous, ServerConfig config, Clock clock) {
        this.gateway = new TestGateway(anonymous);
        this.server = GatehouseServer.start(config.withBind("127.0.0.1", 0), gateway, metrics, clock);
    }

    String base() {
        return server.baseUri().toString();
    }

    int port() {
        return server.baseUri().getPort();
    }

    @Override
    public void close() {
        server.close();
        metrics.close();
    }
}
