package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that opens the session's GET event stream and goes away must not leave its connection
 * behind on the server (a socket in CLOSE_WAIT holds a descriptor and a stream forever). The
 * server pings open streams every {@code server.stream_keepalive}; the write to the vanished
 * client fails and the stream ends. The kernel's own table says whether the socket is gone.
 */
class StreamCloseTest {

    private ServerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aGetStreamWhoseClientWentAwayIsClosedByTheServer() throws Exception {
        var defaults = ServerConfig.defaults();
        var sessions = defaults.sessions();
        fixture = new ServerFixture(
                false,
                defaults.withSessions(new ServerConfig.Sessions(
                        sessions.reauthenticateAfter(),
                        sessions.idleTimeout(),
                        sessions.maxPerPrincipal(),
                        Duration.ofMillis(200))));
        var session = RawHttp.mcp(fixture.port(), TestGateway.ALICE_KEY, null, RawHttp.INITIALIZE)
                .header(McpGate.SESSION_HEADER);
        for (int i = 0; i < 3; i++) {
            try (var socket = new Socket("127.0.0.1", fixture.port())) {
                // The stream's head is sent with its first event, the first ping.
                socket.setSoTimeout(30_000);
                var request = "GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + fixture.port()
                        + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + TestGateway.ALICE_KEY
                        + "\r\n" + McpGate.SESSION_HEADER + ": " + session + "\r\n\r\n";
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                var status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
                assertThat(status).isEqualTo("HTTP/1.1 200");
            }
        }
        // Polled, not timed: the test waits as long as it must, up to a bound that only a hang meets.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (closeWaitOn(fixture.port()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(closeWaitOn(fixture.port())).isZero();
    }

    /** Sockets of ours on {@code port} that the peer closed and we have not (state 08 in /proc/net/tcp). */
    static long closeWaitOn(int port) throws IOException {
        var local = String.format(Locale.ROOT, ":%04X ", port);
        long count = 0;
        for (var table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            var path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            count += Files.readAllLines(path).stream()
                    .skip(1)
                    .map(String::strip)
                    .map(line -> line.split("\\s+"))
                    .filter(f -> f.length > 3 && (f[1] + " ").endsWith(local) && f[3].equals("08"))
                    .count();
        }
        return count;
    }
}
