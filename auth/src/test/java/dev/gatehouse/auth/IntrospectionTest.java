package dev.gatehouse.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.AuthenticationException.Reason;
import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.auth.Principal;
import dev.gatehouse.api.gateway.RequestContext;
import dev.gatehouse.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 7662 introspection against a real endpoint on loopback. */
class IntrospectionTest {

    static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    static final RequestContext CONTEXT = new RequestContext(NOW, "127.0.0.1", "test");
    static final String CLIENT_SECRET = "s3cret&with:odd=chars";
    static final String TOKEN = "opaque-token-0123456789";

    @TempDir
    Path tmp;

    final MutableClock clock = new MutableClock(NOW);
    IntrospectionServer server;
    Authenticator auth;

    @BeforeEach
    void setUp() throws Exception {
        var basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString("gatehouse:s3cret%26with%3Aodd%3Dchars".getBytes(StandardCharsets.UTF_8));
        server = new IntrospectionServer(basic);
        auth = authenticator(IntrospectionClient.Limits.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    Authenticator authenticator(IntrospectionClient.Limits limits) throws Exception {
        var secretFile = tmp.resolve("client.secret");
        if (!Files.exists(secretFile)) {
            Files.writeString(secretFile, CLIENT_SECRET + "\n");
            Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
        }
        var introspection = new AuthConfig.Introspection(
                server.url(), "gatehouse", secretFile, Duration.ofSeconds(30), Optional.of("https://as.test/"));
        var config =
                new AuthConfig(new AuthConfig.Anonymous(false, Set.of()), Optional.empty(), Optional.of(introspection));
        return Authenticators.from(
                config, new JwtAuthenticationTest.UnusedKeyStore(), clock, JwtKeys.FetchLimits.DEFAULT, limits);
    }

    Principal bearer(String token) {
        return auth.authenticate(new Credentials.BearerToken(token), CONTEXT);
    }

    void refused(String token, Reason reason) {
        assertThatThrownBy(() -> bearer(token))
                .isInstanceOfSatisfying(
                        AuthenticationException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token).doesNotContain(CLIENT_SECRET));
    }

    static String active(String extra) {
        return "{\"active\":true,\"sub\":\"carol\",\"client_id\":\"agent-7\",\"scope\":\"crm:read crm:write\"" + extra
                + "}";
    }

    @Test
    void anActiveTokenGivesAPrincipalWithItsScopes() {
        server.answer(TOKEN, active(",\"username\":\"carol@example.com\""));
        var principal = bearer(TOKEN);
        assertThat(principal.id()).isEqualTo("introspection:https://as.test/#carol");
        assertThat(principal.authMethod()).isEqualTo("introspection");
        assertThat(principal.scopes()).containsExactly("crm:read", "crm:write");
        assertThat(principal.attributes())
                .containsEntry("client_id", "agent-7")
                .containsEntry("username", "carol@example.com");
    }

    @Test
    void aClientCredentialsTokenIsNamedByItsClient() {
        server.answer(TOKEN, "{\"active\":true,\"client_id\":\"robot\"}");
        assertThat(bearer(TOKEN).id()).isEqualTo("introspection:https://as.test/#client:robot");
    }

    @Test
    void anInactiveOrOddlyActiveTokenIsRefused() {
        server.answer(TOKEN, "{\"active\":false}");
        refused(TOKEN, Reason.INACTIVE);
        server.answer("stringly", "{\"active\":\"true\",\"sub\":\"x\"}");
        refused("stringly", Reason.INACTIVE);
        server.answer("silent", "{\"sub\":\"x\"}");
        refused("silent", Reason.INACTIVE);
    }

    @Test
    void answersAreCachedBrieflyAndNeverPastExpiry() {
        server.answer(TOKEN, active(",\"exp\":" + NOW.plusSeconds(3600).getEpochSecond()));
        for (int i = 0; i < 5; i++) {
            assertThat(bearer(TOKEN).id()).endsWith("#carol");
        }
        assertThat(server.requests()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(31));
        bearer(TOKEN);
        assertThat(server.requests()).isEqualTo(2);

        server.answer("short", active(",\"exp\":" + NOW.plusSeconds(45).getEpochSecond()));
        bearer("short");
        clock.advance(Duration.ofSeconds(20));
        refused("short", Reason.EXPIRED);
    }

    @Test
    void anInactiveAnswerIsCachedToo() {
        refused("unknown-token", Reason.INACTIVE);
        refused("unknown-token", Reason.INACTIVE);
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void aWrongIssuerInTheAnswerIsRefused() {
        server.answer(TOKEN, active(",\"iss\":\"https://other.test/\""));
        refused(TOKEN, Reason.WRONG_ISSUER);
    }

    @Test
    void anEndpointThatIsDownIsUnavailableAndNotCached() {
        server.close();
        refused(TOKEN, Reason.UNAVAILABLE);
        refused(TOKEN, Reason.UNAVAILABLE);
    }

    @Test
    void wrongClientCredentialsMakeTheEndpointUnavailable() throws Exception {
        Files.writeString(tmp.resolve("client.secret"), "wrong-secret");
        auth = authenticator(IntrospectionClient.Limits.DEFAULT);
        server.answer(TOKEN, active(""));
        refused(TOKEN, Reason.UNAVAILABLE);
    }

    @Test
    void aStallingEndpointTimesOutAsUnavailable() throws Exception {
        auth = authenticator(new IntrospectionClient.Limits(Duration.ofSeconds(2), Duration.ofMillis(500), 64 * 1024));
        server.mode(IntrospectionServer.Mode.STALL);
        refused(TOKEN, Reason.UNAVAILABLE);
    }

    @Test
    void anOversizedAnswerIsRefusedAsUnavailable() {
        server.mode(IntrospectionServer.Mode.HUGE);
        refused(TOKEN, Reason.UNAVAILABLE);
    }

    @Test
    void aClientSecretFileOpenToOthersIsRefused() throws Exception {
        var file = tmp.resolve("client.secret");
        Files.writeString(file, CLIENT_SECRET);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> authenticator(IntrospectionClient.Limits.DEFAULT))
                .isInstanceOf(AuthSetupException.class)
                .hasMessageNotContaining(CLIENT_SECRET);
    }

    @Test
    void theAuthorizationServersAreListedForProtectedResourceMetadata() {
        var jwt = JwtAuthenticationTest.jwtConfig(new AuthConfig.KeySource.JwksUrl(server.url()), Set.of("RS256"));
        var introspection = new AuthConfig.Introspection(
                server.url(), "gatehouse", tmp.resolve("x"), Duration.ofSeconds(30), Optional.of("https://as.test/"));
        var both =
                new AuthConfig(new AuthConfig.Anonymous(false, Set.of()), Optional.of(jwt), Optional.of(introspection));
        assertThat(both.authorizationServers()).containsExactly(Tokens.ISSUER, "https://as.test/");
        assertThat(AuthConfig.defaults().authorizationServers()).isEmpty();
        assertThat(List.copyOf(both.authorizationServers())).doesNotHaveDuplicates();
    }
}
