package dev.gatehouse.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.AuthenticationException.Reason;
import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.gateway.RequestContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingTest {

    static final RequestContext CONTEXT = new RequestContext(Instant.EPOCH, "local", "test");
    final JwtAuthenticationTest.UnusedKeyStore keys = new JwtAuthenticationTest.UnusedKeyStore();

    static AuthConfig anonymous(boolean enabled) {
        return new AuthConfig(
                new AuthConfig.Anonymous(enabled, Set.of("docs:read")), Optional.empty(), Optional.empty());
    }

    static Reason reason(Runnable r) {
        try {
            r.run();
        } catch (AuthenticationException e) {
            return e.reason();
        }
        throw new AssertionError("expected an AuthenticationException");
    }

    @Test
    void noCredentialsIsMissingUnlessAnonymousAccessIsEnabled() {
        var off = Authenticators.from(anonymous(false), keys, Clock.systemUTC());
        assertThat(reason(() -> off.authenticate(new Credentials.None(), CONTEXT)))
                .isEqualTo(Reason.MISSING);
        assertThat(reason(() -> off.authenticate(null, CONTEXT))).isEqualTo(Reason.MISSING);

        var on = Authenticators.from(anonymous(true), keys, Clock.systemUTC());
        var principal = on.authenticate(new Credentials.None(), CONTEXT);
        assertThat(principal.id()).isEqualTo("anonymous");
        assertThat(principal.authMethod()).isEqualTo("anonymous");
        assertThat(principal.scopes()).containsExactly("docs:read");
    }

    @Test
    void bearerTokensAreRefusedWhenNoTokenVerifierIsConfigured() {
        var auth = Authenticators.from(anonymous(true), keys, Clock.systemUTC());
        assertThat(reason(() -> auth.authenticate(new Credentials.BearerToken("a.b.c"), CONTEXT)))
                .isEqualTo(Reason.MALFORMED);
        assertThat(reason(() -> auth.authenticate(new Credentials.BearerToken(""), CONTEXT)))
                .isEqualTo(Reason.MISSING);
        assertThat(reason(() -> auth.authenticate(new Credentials.ApiKey(null), CONTEXT)))
                .isEqualTo(Reason.MISSING);
    }

    @Test
    void aStoreFailureFailsClosedWithoutItsMessage() {
        var broken = new JwtAuthenticationTest.UnusedKeyStore() {
            @Override
            public Optional<StoredApiKey> findByKeyId(String keyId) {
                throw new IllegalStateException("database said: " + keyId);
            }
        };
        var auth = Authenticators.from(anonymous(false), broken, Clock.systemUTC());
        var key = "ghk_0123456789abcdef_" + "C".repeat(42) + "A";
        assertThatThrownBy(() -> auth.authenticate(new Credentials.ApiKey(key), CONTEXT))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.UNAVAILABLE))
                .hasMessageNotContaining("0123456789abcdef");
    }
}
