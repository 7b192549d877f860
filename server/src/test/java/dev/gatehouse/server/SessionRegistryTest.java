package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.gateway.Authenticated;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String SESSION = "A".repeat(43);
    private static final Authenticated ALICE = new TestGateway.Who(new TestGateway(false), "key:alice");
    private static final Authenticated MALLORY = new TestGateway.Who(new TestGateway(false), "key:mallory");

    /** Reuse for {@code reauthenticateAfter}, with the default idle timeout and per-principal cap. */
    private static SessionRegistry registry(Duration reauthenticateAfter) {
        return new SessionRegistry(
                new ServerConfig.Sessions(
                        reauthenticateAfter, ServerConfig.DEFAULT_IDLE, ServerConfig.DEFAULT_PER_PRINCIPAL),
                id -> {});
    }

    /** Reuse for 10 s, a 30-minute idle timeout and this cap; every ended session is added to {@code ended}. */
    private static SessionRegistry registry(int maxPerPrincipal, List<String> ended) {
        return new SessionRegistry(
                new ServerConfig.Sessions(Duration.ofSeconds(10), Duration.ofMinutes(30), maxPerPrincipal), ended::add);
    }

    private static CredentialDigest key(String text) {
        return CredentialDigest.of(new Credentials.ApiKey(text));
    }

    @Test
    void anotherPrincipalsVerificationNeverReplacesTheOwners() {
        var registry = registry(Duration.ofSeconds(10));
        registry.bind(SESSION, new SessionRegistry.Verified(key("ghk_alice"), ALICE, T0));
        registry.refresh(SESSION, new SessionRegistry.Verified(key("ghk_mallory"), MALLORY, T0.plusSeconds(1)));
        assertThat(registry.ownedBy(SESSION, "key:mallory", T0.plusSeconds(2))).isFalse();
        assertThat(registry.reuse(SESSION, key("ghk_mallory"), T0.plusSeconds(2)))
                .isEmpty();
        assertThat(registry.reuse(SESSION, key("ghk_alice"), T0.plusSeconds(2)))
                .hasValueSatisfying(v -> assertThat(v.who()).isEqualTo(ALICE));
    }

    @Test
    void anOlderVerificationDoesNotReplaceANewerOne() {
        var registry = registry(Duration.ofSeconds(10));
        registry.bind(SESSION, new SessionRegistry.Verified(key("ghk_new"), ALICE, T0.plusSeconds(5)));
        registry.refresh(SESSION, new SessionRegistry.Verified(key("ghk_old"), ALICE, T0));
        assertThat(registry.reuse(SESSION, key("ghk_old"), T0.plusSeconds(6))).isEmpty();
        assertThat(registry.reuse(SESSION, key("ghk_new"), T0.plusSeconds(6))).isPresent();
    }

    @Test
    void reuseEndsExactlyAtTheIntervalAndNeverForUnknownSessions() {
        var registry = registry(Duration.ofSeconds(10));
        registry.bind(SESSION, new SessionRegistry.Verified(key("ghk_alice"), ALICE, T0));
        assertThat(registry.reuse(SESSION, key("ghk_alice"), T0.plusMillis(9_999)))
                .isPresent();
        assertThat(registry.reuse(SESSION, key("ghk_alice"), T0.plusSeconds(10)))
                .isEmpty();
        assertThat(registry.reuse("B".repeat(43), key("ghk_alice"), T0)).isEmpty();
        registry.remove(SESSION);
        assertThat(registry.reuse(SESSION, key("ghk_alice"), T0)).isEmpty();
        assertThat(registry.size()).isZero();
    }

    @Test
    void aNegativeIntervalIsRefused() {
        assertThatThrownBy(() -> registry(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idleSessionsEndExactlyAtTheTimeoutAndTheTransportIsTold() {
        var ended = new ArrayList<String>();
        var registry = registry(100, ended);
        registry.bind(SESSION, new SessionRegistry.Verified(key("ghk_alice"), ALICE, T0));
        assertThat(registry.ownedBy(SESSION, "key:alice", T0.plus(Duration.ofMinutes(29))))
                .isTrue();
        // Used at minute 29: alive until minute 59, ended at it.
        assertThat(registry.expire(T0.plus(Duration.ofMinutes(58)))).isZero();
        assertThat(registry.expire(T0.plus(Duration.ofMinutes(59)))).isEqualTo(1);
        assertThat(ended).containsExactly(SESSION);
        assertThat(registry.ownedBy(SESSION, "key:alice", T0.plus(Duration.ofMinutes(59))))
                .isFalse();
        assertThat(registry.size()).isZero();
    }

    @Test
    void anotherPrincipalsTouchNeitherKeepsASessionAliveNorSparesAnIdleOne() {
        var ended = new ArrayList<String>();
        var registry = registry(100, ended);
        registry.bind(SESSION, new SessionRegistry.Verified(key("ghk_alice"), ALICE, T0));
        assertThat(registry.ownedBy(SESSION, "key:mallory", T0.plus(Duration.ofMinutes(20))))
                .isFalse();
        assertThat(registry.ownedBy(SESSION, "key:mallory", T0.plus(Duration.ofMinutes(30))))
                .isFalse();
        assertThat(ended).containsExactly(SESSION);
    }

    @Test
    void theCapPerPrincipalEndsOnlyThatPrincipalsLeastRecentlyUsedSessions() {
        var ended = new ArrayList<String>();
        var registry = registry(2, ended);
        registry.bind("m1", new SessionRegistry.Verified(key("ghk_mallory"), MALLORY, T0));
        registry.bind("a1", new SessionRegistry.Verified(key("ghk_alice"), ALICE, T0.plusSeconds(1)));
        registry.bind("a2", new SessionRegistry.Verified(key("ghk_alice"), ALICE, T0.plusSeconds(2)));
        assertThat(registry.ownedBy("a1", "key:alice", T0.plusSeconds(3))).isTrue();
        registry.bind("a3", new SessionRegistry.Verified(key("ghk_alice"), ALICE, T0.plusSeconds(4)));
        assertThat(ended).containsExactly("a2");
        assertThat(registry.size()).isEqualTo(3);
        assertThat(registry.ownedBy("m1", "key:mallory", T0.plusSeconds(5))).isTrue();
    }
}
