package dev.gatehouse.auth;

import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.gateway.RequestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever a caller sends, authentication answers with an AuthenticationException or a principal, nothing else. */
class BearerTokenPropertyTest {

    static final RequestContext CONTEXT = new RequestContext(Instant.EPOCH, "127.0.0.1", "test");
    static Path dir;
    static Authenticator auth;
    static dev.gatehouse.storage.Database db;

    @BeforeContainer
    static void setUp() throws Exception {
        dir = Files.createTempDirectory("gatehouse-auth-props");
        var pem = dir.resolve("idp.json");
        Files.writeString(
                pem,
                new com.nimbusds.jose.jwk.JWKSet(Tokens.rsa("k1"))
                        .toPublicJWKSet()
                        .toString());
        var jwt = JwtAuthenticationTest.jwtConfig(new AuthConfig.KeySource.PublicKeyFile(pem), Set.of("RS256"));
        var config = new AuthConfig(new AuthConfig.Anonymous(false, Set.of()), Optional.of(jwt), Optional.empty());
        db = dev.gatehouse.storage.Database.open(dir.resolve("data/gatehouse.db"));
        var store = ApiKeyStore.sqlite(db, Clock.systemUTC(), new java.security.SecureRandom());
        store.create("real", Set.of("crm:read"), Optional.empty());
        auth = Authenticators.from(config, store, Clock.systemUTC());
    }

    @AfterContainer
    static void tearDown() throws Exception {
        db.close();
        try (var files = Files.walk(dir)) {
            for (var p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Provide
    Arbitrary<String> tokens() {
        var any = Arbitraries.strings().all().ofMaxLength(300);
        var base64url = Arbitraries.strings()
                .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                .ofMaxLength(120);
        var jwsShaped = base64url.list().ofSize(3).map(parts -> String.join(".", parts));
        var headerLike = Arbitraries.of(
                        "{\"alg\":\"RS256\"}",
                        "{\"alg\":\"none\"}",
                        "{\"alg\":\"HS256\",\"kid\":\"k1\"}",
                        "{\"alg\":\"RS256\",\"crit\":[\"x\"]}",
                        "{\"alg\":[1]}",
                        "[]",
                        "{\"enc\":\"A128GCM\",\"alg\":\"dir\"}")
                .map(h -> com.nimbusds.jose.util.Base64URL.encode(h).toString());
        var withHeader = net.jqwik.api.Combinators.combine(headerLike, base64url, base64url)
                .as((h, p, s) -> h + "." + p + "." + s);
        var apiKeyLike = Arbitraries.strings()
                .withChars("0123456789abcdefABCDEF_-")
                .ofMinLength(0)
                .ofMaxLength(70)
                .map(s -> "ghk_" + s);
        return Arbitraries.oneOf(List.of(any, jwsShaped, withHeader, apiKeyLike));
    }

    @Property(tries = 400)
    void randomBearerTokensOnlyEverFailWithAuthenticationException(@ForAll("tokens") String token) {
        for (var credentials : List.of(new Credentials.BearerToken(token), new Credentials.ApiKey(token))) {
            try {
                auth.authenticate(credentials, CONTEXT);
            } catch (AuthenticationException expected) {
                if (token.length() >= 8 && expected.getMessage().contains(token)) {
                    throw new AssertionError("the message echoes the credential: " + expected.getMessage());
                }
            }
        }
    }
}
