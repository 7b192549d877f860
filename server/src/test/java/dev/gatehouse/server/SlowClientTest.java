package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that trickles a request a byte at a time (each byte restarting the idle timeout) is cut
 * off at {@code server.read_timeout}; one that sends its request at once is not.
 */
class SlowClientTest {

    private ServerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aTricklingHeaderIsCutOffAtTheReadDeadline() throws Exception {
        fixture = new ServerFixture(false, ServerConfig.defaults().withReadTimeout(Duration.ofSeconds(1)));
        try (var socket = new Socket("127.0.0.1", fixture.port())) {
            socket.setSoTimeout(200);
            var out = socket.getOutputStream();
            var head = ("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + fixture.port() + "\r\nX-Slow: " + "a".repeat(2000))
                    .getBytes(StandardCharsets.ISO_8859_1);
            boolean closed = false;
            // Bounded: 2000 bytes at one per ~100 ms would take 200 s; the deadline is 1 s.
            for (int i = 0; i < head.length && !closed; i++) {
                try {
                    out.write(head[i]);
                    out.flush();
                } catch (IOException e) {
                    closed = true;
                    break;
                }
                try {
                    closed = socket.getInputStream().read() == -1;
                } catch (SocketTimeoutException e) {
                    // Nothing from the server yet: keep trickling.
                } catch (IOException e) {
                    closed = true;
                }
                Thread.sleep(100);
            }
            assertThat(closed).as("the server closed the trickling connection").isTrue();
        }
        // A normal request still gets through.
        var ok = RawHttp.mcp(fixture.port(), TestGateway.ALICE_KEY, null, RawHttp.INITIALIZE);
        assertThat(ok.status()).isEqualTo(200);
    }
}
