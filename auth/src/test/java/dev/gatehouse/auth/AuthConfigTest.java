package dev.gatehouse.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigProblem;
import dev.gatehouse.config.OperatorConfigLoader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthConfigTest {

    static AuthConfig parse(String yaml) {
        return new OperatorConfigLoader(Path.of("."), List.of(AuthConfig.SECTION))
                .parse("gatehouse.yaml", yaml.getBytes(StandardCharsets.UTF_8))
                .section(AuthConfig.SECTION);
    }

    static List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::message).toList();
        }
        throw new AssertionError("expected problems in:\n" + yaml);
    }

    static String jwt(String keys) {
        return "auth:\n  jwt:\n    issuer: https://idp.test/\n    audience: gatehouse\n" + keys;
    }

    @Test
    void aFullSectionIsRead() {
        var config = parse("""
                auth:
                  anonymous: {enabled: true, scopes: [docs:read]}
                  jwt:
                    issuer: https://idp.test/
                    audience: [gatehouse, api]
                    jwks_url: https://idp.test/jwks.json
                    algorithms: [RS256, PS256, ES384]
                    clock_skew: 2m
                    scope_claim: permissions
                    attribute_claims: [email, tenant]
                  introspection:
                    endpoint: http://127.0.0.1:9000/introspect
                    client_id: gatehouse
                    client_secret_file: /etc/gatehouse/introspection.secret
                    cache_ttl: 10s
                    issuer: https://as.test/
                """);
        assertThat(config.anonymous().enabled()).isTrue();
        assertThat(config.anonymous().scopes()).containsExactly("docs:read");
        var jwt = config.jwt().orElseThrow();
        assertThat(jwt.audiences()).containsExactlyInAnyOrder("gatehouse", "api");
        assertThat(jwt.keys()).isEqualTo(new AuthConfig.KeySource.JwksUrl(URI.create("https://idp.test/jwks.json")));
        assertThat(jwt.algorithms()).containsExactly("ES384", "PS256", "RS256");
        assertThat(jwt.clockSkew()).isEqualTo(Duration.ofMinutes(2));
        assertThat(jwt.scopeClaim()).contains("permissions");
        assertThat(jwt.attributeClaims()).containsExactly("email", "tenant");
        var introspection = config.introspection().orElseThrow();
        assertThat(introspection.cacheTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(introspection.clientSecretFile()).isEqualTo(Path.of("/etc/gatehouse/introspection.secret"));
        assertThat(config.authorizationServers()).containsExactly("https://idp.test/", "https://as.test/");
    }

    @Test
    void theDefaultsAcceptOnlyApiKeys() {
        var config = parse("plugins: {}\n");
        assertThat(config).isEqualTo(AuthConfig.defaults());
        assertThat(config.anonymous().enabled()).isFalse();
        var jwt = parse(jwt("    jwks_url: https://idp.test/jwks.json\n")).jwt().orElseThrow();
        assertThat(jwt.algorithms()).containsExactly("ES256", "RS256");
        assertThat(jwt.clockSkew()).isEqualTo(AuthConfig.DEFAULT_CLOCK_SKEW);
        var hs = parse(jwt("    hs256_secret_file: /etc/jwt.secret\n")).jwt().orElseThrow();
        assertThat(hs.algorithms()).containsExactly("HS256");
    }

    @Test
    void algNoneIsNeverAllowed() {
        assertThat(problems(jwt("    jwks_url: https://idp.test/j\n    algorithms: [RS256, none]\n")))
                .singleElement()
                .asString()
                .contains("'none'")
                .contains("never accepted");
    }

    @Test
    void hmacAndPublicKeyAlgorithmsNeverMix() {
        assertThat(problems(jwt("    jwks_url: https://idp.test/j\n    algorithms: [HS256]\n")))
                .singleElement()
                .asString()
                .contains("HMAC");
        assertThat(problems(jwt("    public_key_file: /etc/idp.pem\n    algorithms: [RS256, HS512]\n")))
                .singleElement()
                .asString()
                .contains("HMAC");
        assertThat(problems(jwt("    hs256_secret_file: /etc/s\n    algorithms: [RS256]\n")))
                .singleElement()
                .asString()
                .contains("needs public keys");
    }

    @Test
    void exactlyOneKeySourceIsRequired() {
        assertThat(problems(jwt(""))).singleElement().asString().contains("exactly one of");
        assertThat(problems(jwt("    jwks_url: https://idp.test/j\n    public_key_file: /etc/k.pem\n")))
                .singleElement()
                .asString()
                .contains("found jwks_url, public_key_file");
    }

    @Test
    void boundsAndShapesAreChecked() {
        assertThat(problems(jwt("    jwks_url: https://idp.test/j\n    clock_skew: 10m\n")))
                .containsExactly("at most 5m");
        assertThat(problems(jwt("    jwks_url: http://idp.test/j\n")))
                .singleElement()
                .asString()
                .contains("https://");
        assertThat(problems(jwt("    jwks_url: file:///etc/passwd\n"))).hasSize(1);
        assertThat(problems(jwt("    public_key_file: keys/idp.pem\n"))).containsExactly("must be an absolute path");
        assertThat(problems("auth:\n  introspection:\n    endpoint: https://as.test/i\n    client_id: g\n"
                        + "    client_secret_file: /s\n    cache_ttl: 1h\n"))
                .containsExactly("at most 5m");
        assertThat(problems("auth:\n  anonymous: {enabled: true, scopes: [everything]}\n"))
                .singleElement()
                .asString()
                .contains("namespace:permission");
        assertThat(problems("auth:\n  jwtt: {}\n")).singleElement().asString().contains("did you mean 'jwt'");
    }

    @Test
    void theIntrospectionSecretIsNeverInline() {
        assertThat(problems("auth:\n  introspection:\n    endpoint: https://as.test/i\n    client_id: g\n"
                        + "    client_secret: hunter2\n"))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("unknown key 'client_secret'"))
                .anySatisfy(p -> assertThat(p).contains("client_secret_file"))
                .noneSatisfy(p -> assertThat(p).contains("hunter2"));
    }

    @Test
    void aSectionWithProblemsFailsTheWholeFile() {
        assertThatThrownBy(() -> parse("auth:\n  anonymous: {enabled: maybe}\n"))
                .isInstanceOf(ConfigException.class);
    }
}
