package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * MCP sessions end: after {@code server.session_idle_timeout} unused, and the least recently used
 * one when a principal starts one past {@code server.max_sessions_per_principal}. An ended session
 * answers 404 (the client's cue to initialize again) and is gone from the SDK's transport too, so
 * clients that vanish without DELETE cannot pile sessions up until the server-wide cap locks
 * everyone out. Time is a clock the test moves.
 */
class SessionLifetimeTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private ServerFixture fixture;

    private void start(Duration idle, int perPrincipal) {
        var defaults = ServerConfig.defaults();
        fixture = new ServerFixture(
                false,
                defaults.withSessions(new ServerConfig.Sessions(defaults.reauthenticateAfter(), idle, perPrincipal)),
                clock);
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private RawHttp.Reply post(String token, String session, String body) throws IOException {
        return RawHttp.mcp(fixture.port(), token, session, body);
    }

    private String initialize(String token) throws IOException {
        var reply = post(token, null, RawHttp.INITIALIZE);
        assertThat(reply.status()).isEqualTo(200);
        return reply.header(McpGate.SESSION_HEADER);
    }

    private int status(String token, String session) throws IOException {
        return post(token, session, RawHttp.TOOLS_LIST).status();
    }

    @Test
    void aSessionUnusedForTheIdleTimeoutEndsAndUseKeepsOneAlive() throws IOException {
        start(Duration.ofMinutes(30), 100);
        var idle = initialize(TestGateway.ALICE_KEY);
        var busy = initialize(TestGateway.ALICE_KEY);
        assertThat(fixture.server.transportSessions()).isEqualTo(2);
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(10));
            assertThat(status(TestGateway.ALICE_KEY, busy)).isEqualTo(200);
        }
        assertThat(status(TestGateway.ALICE_KEY, idle)).isEqualTo(404);
        assertThat(status(TestGateway.ALICE_KEY, busy)).isEqualTo(200);
        assertThat(fixture.server.transportSessions()).isEqualTo(1);
        // The client's way back: a new session works at once.
        var again = initialize(TestGateway.ALICE_KEY);
        assertThat(status(TestGateway.ALICE_KEY, again)).isEqualTo(200);
    }

    @Test
    void aPrincipalPastItsCapLosesItsLeastRecentlyUsedSessionAndNoOneElsesLoseAny() throws IOException {
        start(Duration.ofMinutes(30), 3);
        var bobs = initialize(TestGateway.BOB_TOKEN);
        var alices = new ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(1));
            alices.add(initialize(TestGateway.ALICE_KEY));
        }
        clock.advance(Duration.ofSeconds(1));
        // Used now: the first is no longer the least recently used; the second is.
        assertThat(status(TestGateway.ALICE_KEY, alices.getFirst())).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        var fourth = initialize(TestGateway.ALICE_KEY);

        assertThat(status(TestGateway.ALICE_KEY, alices.get(1))).isEqualTo(404);
        for (var live : List.of(alices.getFirst(), alices.get(2), fourth)) {
            assertThat(status(TestGateway.ALICE_KEY, live)).isEqualTo(200);
        }
        assertThat(status(TestGateway.BOB_TOKEN, bobs)).isEqualTo(200);
        assertThat(fixture.server.transportSessions()).isEqualTo(4);
    }

    @Test
    void sessionsNobodyComesBackToAreSweptFromTheTransport() throws Exception {
        start(Duration.ofSeconds(10), 100);
        for (int i = 0; i < 5; i++) {
            initialize(TestGateway.ALICE_KEY);
        }
        assertThat(fixture.server.transportSessions()).isEqualTo(5);
        clock.advance(Duration.ofSeconds(11));
        // No request comes: the sweeper (every 5 s of real time here) must end them on its own.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (fixture.server.transportSessions() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(fixture.server.transportSessions()).isZero();
    }
}
