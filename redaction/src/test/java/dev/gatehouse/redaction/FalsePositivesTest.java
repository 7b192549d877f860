package dev.gatehouse.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ordinary output passes untouched: a redactor that eats ordinary words gets turned off. */
class FalsePositivesTest {

    private static final SecretRedactor REDACTOR = SecretRedactor.builder()
            .secret("ACME_CRM_TOKEN", "crm_live_9f8e7d6c5b4a")
            .secret("DB_PASSWORD", "Tr0ub4dor&3-horse")
            .secret("PIN", "4711")
            .build();

    @ParameterizedTest
    @ValueSource(strings = {"""
                Authorization is the step that decides whether a caller may use a tool. The token
                bucket refills every minute; a password manager keeps secrets out of shell history,
                and the secret to a good API is a small surface. Authorization: required for every
                call. Tokens are counted per request, and the admin PIN 4711 is not a credential we
                can search for. Base64 encodes three bytes as four characters; eyJ is how a JSON
                object starts once encoded. See https://example.com:8443/docs/auth?tab=keys#scopes
                or mail ops@example.com. The -----BEGIN CERTIFICATE----- line opens a certificate,
                which is public, not a private key.
                """, """
                {"id":"9b2f4c1e-8d3a-4e5f-a6b7-c8d9e0f1a2b3","object":"chat.completion",
                 "created":1733059200,"model":"local-7b","usage":{"prompt_tokens":1234,
                 "completion_tokens":567,"total_tokens":1801,"max_tokens":4096},
                 "token_type":"Bearer","expires_in":3600,"scope":"crm:read crm:write",
                 "sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                 "commit":"4f2a9c0e1d3b5a7c9e0f1a2b3c4d5e6f7a8b9c0d","next_page":"cursor-2",
                 "url":"https://api.example.com/v1/accounts?limit=50&offset=100",
                 "account":{"name":"ACME Corp","email":"billing@acme.example","phone":"+1 555 0100"},
                 "data":"SGVsbG8sIHdvcmxkIQ==","password_policy":{"min_length":12},
                 "secret_ref":{"type":"string"}}
                """, """
                public String fetch(Credentials credentials) {
                    var token = tokenProvider.getToken(credentials.scope());
                    String password = config.password();
                    if (token == null || token.isExpired()) {
                        throw new AuthenticationException("token expired at " + token.expiry());
                    }
                    return http.get(baseUrl + "/accounts", Map.of("Authorization", "Bearer " + token));
                }
                def login(user, password: str, secret: Optional[str] = None) -> Token:
                    token = session.post(url, auth=(user, password)).json()["token"]
                    return Token(token)
                interface Config { apiKey: string; secretKey?: string; tokenTtl: number }
                export PWD=/home/build1/src && cd $PWD
                """})
    void ordinaryTextComesBackUnchanged(String text) {
        var out = REDACTOR.redact(text);

        assertThat(out).isEqualTo(text);
        assertThat(out).isSameAs(text);
    }
}
