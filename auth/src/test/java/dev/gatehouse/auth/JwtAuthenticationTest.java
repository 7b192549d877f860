package dev.gatehouse.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.PlainJWT;
import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.AuthenticationException.Reason;
import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.auth.Principal;
import dev.gatehouse.api.gateway.RequestContext;
import dev.gatehouse.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JWT bearer tokens against a real JWKS endpoint on loopback, with real RSA and EC keys. */
class JwtAuthenticationTest {

    static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    static final RequestContext CONTEXT = new RequestContext(NOW, "127.0.0.1", "test");

    @TempDir
    Path tmp;

    final MutableClock clock = new MutableClock(NOW);
    final RSAKey rsa = Tokens.rsa("rsa-1");
    final com.nimbusds.jose.jwk.ECKey ec = Tokens.ec("ec-1");
    JwksServer jwks;
    Authenticator auth;

    @BeforeEach
    void setUp() throws Exception {
        jwks = new JwksServer().publish(rsa, ec);
        auth = authenticator(jwtConfig(new AuthConfig.KeySource.JwksUrl(jwks.url()), Set.of("RS256", "ES256")));
    }

    @AfterEach
    void tearDown() {
        jwks.close();
    }

    static AuthConfig.Jwt jwtConfig(AuthConfig.KeySource keys, Set<String> algorithms) {
        return new AuthConfig.Jwt(
                Tokens.ISSUER,
                Set.of(Tokens.AUDIENCE),
                keys,
                algorithms,
                AuthConfig.DEFAULT_CLOCK_SKEW,
                Optional.empty(),
                List.of("email", "groups"));
    }

    Authenticator authenticator(AuthConfig.Jwt jwt) {
        var config = new AuthConfig(new AuthConfig.Anonymous(false, Set.of()), Optional.of(jwt), Optional.empty());
        return Authenticators.from(config, new UnusedKeyStore(), clock);
    }

    Principal bearer(String token) {
        return auth.authenticate(new Credentials.BearerToken(token), CONTEXT);
    }

    void refused(String token, Reason reason) {
        assertThatThrownBy(() -> bearer(token))
                .isInstanceOfSatisfying(
                        AuthenticationException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
    }

    @Test
    void aValidRsaTokenGivesTheIssuerQualifiedPrincipalWithScopesAndAttributes() {
        var token = Tokens.sign(
                rsa,
                Tokens.claims(NOW)
                        .claim("scope", "crm:read crm:write")
                        .claim("email", "alice@example.com")
                        .claim("groups", List.of("ops", "dev"))
                        .claim("ignored", "not configured")
                        .build());
        var principal = bearer(token);
        assertThat(principal.id()).isEqualTo("jwt:https://idp.test/#alice");
        assertThat(principal.authMethod()).isEqualTo("jwt");
        assertThat(principal.scopes()).containsExactly("crm:read", "crm:write");
        assertThat(principal.attributes())
                .containsEntry("email", "alice@example.com")
                .containsEntry("groups", "ops dev")
                .doesNotContainKey("ignored");
    }

    @Test
    void aValidEcTokenVerifiesAndScopesComeFromAnScpList() {
        var token = Tokens.sign(
                ec,
                Tokens.claims(NOW)
                        .claim("scp", List.of("files:read", "http:get"))
                        .build());
        assertThat(bearer(token).scopes()).containsExactly("files:read", "http:get");
    }

    @Test
    void aConfiguredScopeClaimIsTheOnlySourceOfScopes() {
        var jwt = new AuthConfig.Jwt(
                Tokens.ISSUER,
                Set.of(Tokens.AUDIENCE),
                new AuthConfig.KeySource.JwksUrl(jwks.url()),
                Set.of("RS256"),
                AuthConfig.DEFAULT_CLOCK_SKEW,
                Optional.of("permissions"),
                List.of());
        auth = authenticator(jwt);
        var token = Tokens.sign(
                rsa,
                Tokens.claims(NOW)
                        .claim("scope", "admin:all")
                        .claim("permissions", List.of("crm:read"))
                        .build());
        assertThat(bearer(token).scopes()).containsExactly("crm:read");
    }

    @Test
    void keyRotationIsFollowedAndARemovedKeyStopsWorking() {
        var before = Tokens.sign(rsa, Tokens.claims(NOW).build());
        assertThat(bearer(before).id()).endsWith("#alice");
        assertThat(jwks.requests()).isEqualTo(1);

        var rotated = Tokens.rsa("rsa-2");
        jwks.publish(rotated, ec);
        var after = Tokens.sign(rotated, Tokens.claims(NOW).subject("bob").build());
        assertThat(bearer(after).id()).endsWith("#bob");
        assertThat(jwks.requests()).isEqualTo(2);

        // The cached set no longer holds rsa-1, and the refresh budget is spent: refused, not fetched.
        refused(before, Reason.BAD_SIGNATURE);
        assertThat(jwks.requests()).isEqualTo(2);
    }

    @Test
    void aFloodOfUnknownKeyIdsDoesNotHammerTheJwksEndpoint() {
        var stranger = Tokens.rsa("placeholder");
        for (int i = 0; i < 60; i++) {
            var key = new RSAKey.Builder(stranger).keyID("made-up-" + i).build();
            refused(Tokens.sign(key, Tokens.claims(NOW).build()), Reason.BAD_SIGNATURE);
        }
        assertThat(jwks.requests()).isBetween(1, 2);
        // Tokens with known keys still verify from the cache.
        assertThat(bearer(Tokens.sign(rsa, Tokens.claims(NOW).build())).id()).endsWith("#alice");
    }

    @Test
    void anExpiredTokenIsRefusedButClockSkewIsHonoured() {
        var exp = NOW.minus(Duration.ofSeconds(30));
        var withinSkew = Tokens.sign(
                rsa, Tokens.claims(NOW).expirationTime(Date.from(exp)).build());
        assertThat(bearer(withinSkew).id()).endsWith("#alice");
        clock.advance(Duration.ofSeconds(31));
        refused(withinSkew, Reason.EXPIRED);
    }

    @Test
    void aTokenWithoutExpIsRefused() {
        refused(Tokens.sign(rsa, Tokens.claims(NOW).expirationTime(null).build()), Reason.MALFORMED);
    }

    @Test
    void aTokenNotYetValidIsRefused() {
        var nbf = NOW.plus(Duration.ofMinutes(5));
        refused(
                Tokens.sign(
                        rsa, Tokens.claims(NOW).notBeforeTime(Date.from(nbf)).build()),
                Reason.NOT_YET_VALID);
        clock.advance(Duration.ofMinutes(4));
        assertThat(bearer(Tokens.sign(
                                rsa,
                                Tokens.claims(NOW).notBeforeTime(Date.from(nbf)).build()))
                        .id())
                .endsWith("#alice");
    }

    @Test
    void wrongAudienceAndWrongIssuerAreRefused() {
        refused(Tokens.sign(rsa, Tokens.claims(NOW).audience("someone-else").build()), Reason.WRONG_AUDIENCE);
        refused(Tokens.sign(rsa, Tokens.claims(NOW).audience((String) null).build()), Reason.WRONG_AUDIENCE);
        refused(Tokens.sign(rsa, Tokens.claims(NOW).issuer("https://evil.test/").build()), Reason.WRONG_ISSUER);
    }

    @Test
    void anUnsignedAlgNoneTokenIsRefused() {
        var plain = new PlainJWT(Tokens.claims(NOW).build()).serialize();
        refused(plain, Reason.ALGORITHM_NOT_ALLOWED);
        // Hand-made: a JWS-looking header claiming "none" with a signature stripped.
        var header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"rsa-1\"}").toString();
        var signed = Tokens.sign(rsa, Tokens.claims(NOW).build()).split("\\.");
        refused(header + "." + signed[1] + ".", Reason.ALGORITHM_NOT_ALLOWED);
        refused(header + "." + signed[1] + "." + signed[2], Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void anHs256TokenSignedWithTheRsaPublicKeyBytesIsRefused() throws Exception {
        var publicBytes = rsa.toRSAPublicKey().getEncoded();
        var header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build();
        refused(
                Tokens.sign(
                        new MACSigner(publicBytes), header, Tokens.claims(NOW).build()),
                Reason.ALGORITHM_NOT_ALLOWED);
        // The same attack with the JWK's n as the secret, and against a static PEM key file.
        refused(
                Tokens.sign(
                        new MACSigner(rsa.getModulus().decode()),
                        header,
                        Tokens.claims(NOW).build()),
                Reason.ALGORITHM_NOT_ALLOWED);
        auth = authenticator(jwtConfig(new AuthConfig.KeySource.PublicKeyFile(pem(rsa)), Set.of("RS256")));
        refused(
                Tokens.sign(
                        new MACSigner(publicBytes), header, Tokens.claims(NOW).build()),
                Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void aForgedOrTamperedSignatureIsRefused() {
        var impostor = Tokens.rsa("rsa-1");
        refused(Tokens.sign(impostor, Tokens.claims(NOW).build()), Reason.BAD_SIGNATURE);

        var parts = Tokens.sign(rsa, Tokens.claims(NOW).build()).split("\\.");
        var elevated = Base64URL.encode(
                        Tokens.claims(NOW).subject("root").build().toString())
                .toString();
        refused(parts[0] + "." + elevated + "." + parts[2], Reason.BAD_SIGNATURE);
    }

    @Test
    void anUnreachableJwksEndpointIsUnavailableNotUnknown() {
        jwks.close();
        var token = Tokens.sign(rsa, Tokens.claims(NOW).build());
        refused(token, Reason.UNAVAILABLE);
    }

    @Test
    void aStaticPemKeyFileVerifiesTokensWhateverTheirKeyId() throws Exception {
        auth = authenticator(jwtConfig(new AuthConfig.KeySource.PublicKeyFile(pem(rsa)), Set.of("RS256")));
        assertThat(bearer(Tokens.sign(rsa, Tokens.claims(NOW).build())).id()).endsWith("#alice");
        refused(Tokens.sign(Tokens.rsa("rsa-1"), Tokens.claims(NOW).build()), Reason.BAD_SIGNATURE);
    }

    @Test
    void aStaticJwkSetFileVerifiesEcTokens() throws Exception {
        var file = tmp.resolve("keys.json");
        Files.writeString(
                file, new com.nimbusds.jose.jwk.JWKSet(ec).toPublicJWKSet().toString());
        auth = authenticator(jwtConfig(new AuthConfig.KeySource.PublicKeyFile(file), Set.of("ES256")));
        assertThat(bearer(Tokens.sign(ec, Tokens.claims(NOW).build())).id()).endsWith("#alice");
        refused(Tokens.sign(rsa, Tokens.claims(NOW).build()), Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void aKeyFileWithPrivateMaterialIsRefused() throws Exception {
        var file = tmp.resolve("private.json");
        Files.writeString(file, rsa.toJSONString());
        var config = jwtConfig(new AuthConfig.KeySource.PublicKeyFile(file), Set.of("RS256"));
        assertThatThrownBy(() -> authenticator(config))
                .isInstanceOf(AuthSetupException.class)
                .hasMessageContaining("public keys")
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain(rsa.getPrivateExponent().toString()));
    }

    @Test
    void anHmacSecretFileWorksOnlyWhenOwnerOnly() throws Exception {
        var secret = "0123456789abcdef0123456789abcdef-not-so-secret".getBytes();
        var file = tmp.resolve("jwt.secret");
        Files.write(file, secret);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        var config = jwtConfig(new AuthConfig.KeySource.Hs256SecretFile(file), Set.of("HS256"));
        assertThatThrownBy(() -> authenticator(config))
                .isInstanceOf(AuthSetupException.class)
                .hasMessageContaining("chmod 600")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-so-secret"));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        auth = authenticator(config);
        var header = new JWSHeader.Builder(JWSAlgorithm.HS256).build();
        assertThat(bearer(Tokens.sign(
                                new MACSigner(secret),
                                header,
                                Tokens.claims(NOW).build()))
                        .id())
                .endsWith("#alice");
        refused(Tokens.sign(rsa, Tokens.claims(NOW).build()), Reason.ALGORITHM_NOT_ALLOWED);
        var otherSecret = "another-secret-of-thirty-two-bytes-or-more!!".getBytes();
        refused(
                Tokens.sign(
                        new MACSigner(otherSecret), header, Tokens.claims(NOW).build()),
                Reason.BAD_SIGNATURE);
    }

    @Test
    void malformedTokensAreMalformed() {
        refused("abc.def.ghi", Reason.MALFORMED);
        var parts = Tokens.sign(rsa, Tokens.claims(NOW).build()).split("\\.");
        refused(parts[0] + "." + Base64URL.encode("[1,2]") + "." + parts[2], Reason.MALFORMED);
        refused(parts[0] + "." + "A".repeat(20_000) + "." + parts[2], Reason.MALFORMED);
    }

    private Path pem(RSAKey key) throws Exception {
        var file = tmp.resolve("idp.pem");
        var body = Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(key.toRSAPublicKey().getEncoded());
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
        return file;
    }

    /** JWT tests never reach the key store; if routing sent a token there, these tests should fail loudly. */
    static class UnusedKeyStore implements ApiKeyStore {
        @Override
        public CreatedKey create(String name, Set<String> scopes, Optional<Instant> expiresAt) {
            throw new AssertionError("not used");
        }

        @Override
        public List<ApiKeyInfo> list() {
            throw new AssertionError("not used");
        }

        @Override
        public boolean revoke(String name) {
            throw new AssertionError("not used");
        }

        @Override
        public Optional<StoredApiKey> findByKeyId(String keyId) {
            throw new AssertionError("not used");
        }

        @Override
        public void recordUse(String keyId, Instant when) {
            throw new AssertionError("not used");
        }
    }
}
