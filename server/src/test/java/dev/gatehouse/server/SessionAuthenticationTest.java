package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A session reuses the authentication of the credential that last proved it, for at most
 * {@code server.reauthenticate_after}; any other credential, and any request after that interval,
 * is authenticated in full. Time is driven by a clock the test moves, never by sleeping.
 */
class SessionAuthenticationTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private ServerFixture fixture;

    private ServerFixture start(Duration interval) {
        fixture = new ServerFixture(false, ServerConfig.defaults().withReauthenticateAfter(interval), clock);
        return fixture;
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private RawHttp.Reply post(String token, String session, String body) throws IOException {
        var reply = RawHttp.mcp(fixture.port(), token, session, body);
        assertThat(reply.body()).doesNotContain(TestGateway.CANARY).doesNotContain(TestGateway.ALICE_KEY);
        return reply;
    }

    private String initialize(String token) throws IOException {
        var reply = post(token, null, RawHttp.INITIALIZE);
        assertThat(reply.status()).isEqualTo(200);
        return reply.header(McpGate.SESSION_HEADER);
    }

    private int authentications() {
        return fixture.gateway.presented.size();
    }

    @Test
    void theSessionsOwnCredentialIsAuthenticatedOnceWithinTheInterval() throws IOException {
        start(INTERVAL);
        var session = initialize(TestGateway.ALICE_KEY);
        int afterInitialize = authentications();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            var reply = post(TestGateway.ALICE_KEY, session, RawHttp.TOOLS_LIST);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).contains("echo");
        }
        assertThat(authentications()).isEqualTo(afterInitialize);
    }

    @Test
    void anotherPrincipalsTokenOnTheSessionIsRefusedRightAfterItsOwnerUsedIt() throws IOException {
        start(INTERVAL);
        var session = initialize(TestGateway.ALICE_KEY);
        assertThat(post(TestGateway.ALICE_KEY, session, RawHttp.TOOLS_LIST).status())
                .isEqualTo(200);
        int before = authentications();

        var asBob = post(TestGateway.BOB_TOKEN, session, RawHttp.TOOLS_LIST);
        assertThat(asBob.status()).isEqualTo(404);
        assertThat(asBob.body()).doesNotContain("echo");
        var unknown = post("ghk_not_alice_at_all", session, RawHttp.TOOLS_LIST);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        var none = post(null, session, RawHttp.TOOLS_LIST);
        assertThat(none.status()).isEqualTo(401);
        var malformed = post("a b", session, RawHttp.TOOLS_LIST);
        assertThat(malformed.status()).isEqualTo(401);

        // Each foreign credential went to the gateway; none of them rode on alice's authentication.
        assertThat(authentications()).isEqualTo(before + 3);
        assertThat(fixture.gateway.presented.subList(before, before + 3))
                .noneSatisfy(c -> assertThat(c).isEqualTo(new Credentials.ApiKey(TestGateway.ALICE_KEY)));
        // Bob's attempt did not take the session over: alice still reaches it, without a new check.
        assertThat(post(TestGateway.ALICE_KEY, session, RawHttp.TOOLS_LIST).status())
                .isEqualTo(200);
        assertThat(authentications()).isEqualTo(before + 3);
    }

    @Test
    void anApiKeyAndABearerTokenWithTheSameTextAreDifferentCredentials() throws IOException {
        start(INTERVAL);
        var session = initialize(TestGateway.ALICE_KEY);
        int before = authentications();
        var digestOfKey = CredentialDigest.of(new Credentials.ApiKey(TestGateway.ALICE_KEY));
        assertThat(digestOfKey.matches(CredentialDigest.of(new Credentials.BearerToken(TestGateway.ALICE_KEY))))
                .isFalse();
        assertThat(digestOfKey.matches(CredentialDigest.of(new Credentials.ApiKey(TestGateway.ALICE_KEY))))
                .isTrue();
        assertThat(digestOfKey.toString()).doesNotContain(TestGateway.ALICE_KEY).contains("***");
        assertThat(post(TestGateway.ALICE_KEY, session, RawHttp.TOOLS_LIST).status())
                .isEqualTo(200);
        assertThat(authentications()).isEqualTo(before);
    }

    @Test
    void aRevokedKeyIsRefusedOnItsOpenSessionOnceTheIntervalHasPassed() throws IOException {
        start(INTERVAL);
        var session = initialize(TestGateway.ALICE_KEY);
        fixture.gateway.revoked.add(TestGateway.ALICE_KEY);

        // Within the documented interval the session's authentication still stands ...
        clock.advance(INTERVAL.minusMillis(1));
        assertThat(post(TestGateway.ALICE_KEY, session, RawHttp.TOOLS_LIST).status())
                .isEqualTo(200);
        // ... and at its end the key is checked again and refused, as is every later request.
        clock.advance(Duration.ofMillis(1));
        var refused = post(TestGateway.ALICE_KEY, session, RawHttp.TOOLS_LIST);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        assertThat(post(TestGateway.ALICE_KEY, session, RawHttp.TOOLS_LIST).status())
                .isEqualTo(401);
        assertThat(post(TestGateway.ALICE_KEY, null, RawHttp.INITIALIZE).status())
                .isEqualTo(401);
    }

    @Test
    void aFreshAuthenticationStartsANewInterval() throws IOException {
        start(INTERVAL);
        var session = initialize(TestGateway.ALICE_KEY);
        int start = authentications();
        clock.advance(INTERVAL);
        assertThat(post(TestGateway.ALICE_KEY, session, RawHttp.TOOLS_LIST).status())
                .isEqualTo(200);
        assertThat(authentications()).isEqualTo(start + 1);
        clock.advance(INTERVAL.minusSeconds(1));
        assertThat(post(TestGateway.ALICE_KEY, session, RawHttp.TOOLS_LIST).status())
                .isEqualTo(200);
        assertThat(authentications()).isEqualTo(start + 1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(post(TestGateway.ALICE_KEY, session, RawHttp.TOOLS_LIST).status())
                .isEqualTo(200);
        assertThat(authentications()).isEqualTo(start + 2);
    }

    @Test
    void aChangedTokenOfTheSamePrincipalIsAuthenticatedAndThenRemembered() throws IOException {
        start(INTERVAL);
        var session = initialize(TestGateway.BOB_TOKEN);
        int start = authentications();

        var refreshed = post(TestGateway.BOB_REFRESHED, session, RawHttp.TOOLS_LIST);
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.body()).contains("bob_only");
        assertThat(authentications()).isEqualTo(start + 1);
        assertThat(fixture.gateway.presented.get(start))
                .isEqualTo(new Credentials.BearerToken(TestGateway.BOB_REFRESHED));
        assertThat(post(TestGateway.BOB_REFRESHED, session, RawHttp.TOOLS_LIST).status())
                .isEqualTo(200);
        assertThat(authentications()).isEqualTo(start + 1);

        // The session now remembers the new token only: the old one is checked again, and refused once revoked.
        fixture.gateway.revoked.add(TestGateway.BOB_TOKEN);
        assertThat(post(TestGateway.BOB_TOKEN, session, RawHttp.TOOLS_LIST).status())
                .isEqualTo(401);
        assertThat(authentications()).isEqualTo(start + 2);
        assertThat(post(TestGateway.BOB_REFRESHED, session, RawHttp.TOOLS_LIST).status())
                .isEqualTo(200);
    }

    @Test
    void aClockThatWentBackwardsMeansAuthenticatingAgain() throws IOException {
        start(INTERVAL);
        var session = initialize(TestGateway.ALICE_KEY);
        int start = authentications();
        clock.advance(Duration.ofSeconds(-1));
        assertThat(post(TestGateway.ALICE_KEY, session, RawHttp.TOOLS_LIST).status())
                .isEqualTo(200);
        assertThat(authentications()).isEqualTo(start + 1);
    }

    @Test
    void aZeroIntervalAuthenticatesEveryRequest() throws IOException {
        start(Duration.ZERO);
        var session = initialize(TestGateway.ALICE_KEY);
        int start = authentications();
        for (int i = 1; i <= 3; i++) {
            assertThat(post(TestGateway.ALICE_KEY, session, RawHttp.TOOLS_LIST).status())
                    .isEqualTo(200);
            assertThat(authentications()).isEqualTo(start + i);
        }
        fixture.gateway.revoked.add(TestGateway.ALICE_KEY);
        assertThat(post(TestGateway.ALICE_KEY, session, RawHttp.TOOLS_LIST).status())
                .isEqualTo(401);
    }

    @Test
    void aDeletedSessionCannotBeReusedWithItsCredential() throws IOException {
        start(INTERVAL);
        var session = initialize(TestGateway.ALICE_KEY);
        var headers = Map.of("Authorization", "Bearer " + TestGateway.ALICE_KEY, McpGate.SESSION_HEADER, session);
        assertThat(RawHttp.send(fixture.port(), "DELETE", "/mcp", headers, null).status())
                .isEqualTo(200);
        assertThat(post(TestGateway.ALICE_KEY, session, RawHttp.TOOLS_LIST).status())
                .isEqualTo(404);
        assertThat(fixture.metrics.get("gatehouse.mcp.sessions").gauge().value())
                .isZero();
    }
}
