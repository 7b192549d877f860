package dev.gatehouse.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.api.gateway.Authenticated;
import dev.gatehouse.api.gateway.Gateway;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpServerSession;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** MCP over stdio with the SDK's stdio transport and our handlers, for one fixed principal. */
final class StdioSurface {

    private StdioSurface() {}

    static void serve(Gateway gateway, Authenticated principal, Clock clock, InputStream in, OutputStream out) {
        var ended = new CountDownLatch(1);
        var watched = new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                return noteEnd(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return noteEnd(super.read(b, off, len));
            }

            private int noteEnd(int n) {
                if (n < 0) {
                    ended.countDown();
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                ended.countDown();
                super.close();
            }
        };
        var json = new JacksonMcpJsonMapper(new ObjectMapper());
        var caller = Optional.of(new Caller(principal, "local"));
        var endpoints = new ToolEndpoints(gateway, clock, json, "mcp-stdio", exchange -> caller);
        var provider = new StdioServerTransportProvider(json, watched, out);
        var id = new SessionIds(new SecureRandom()).next();
        provider.setSessionFactory(transport -> new McpServerSession(
                id,
                Duration.ofSeconds(30),
                transport,
                endpoints::initialize,
                endpoints.requestHandlers(),
                endpoints.notificationHandlers()));
        try {
            ended.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            provider.closeGracefully().block(Duration.ofSeconds(5));
        }
    }
}
