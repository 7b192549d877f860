package dev.gatehouse.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KnownSecretsTest {

    private static final String TOKEN = "crm-Tok3n/with+odd=chars&more?";
    private static final SecretRedactor REDACTOR =
            SecretRedactor.builder().secret("ACME_CRM_TOKEN", TOKEN).build();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aKnownValueIsReplacedByItsName() {
        assertThat(REDACTOR.redact("calling CRM with " + TOKEN + " now"))
                .isEqualTo("calling CRM with [REDACTED:ACME_CRM_TOKEN] now");
    }

    @Test
    void everyStandardEncodingOfAKnownValueIsReplaced() {
        var forms = new String[] {
            Base64.getEncoder().encodeToString(utf8(TOKEN)),
            Base64.getEncoder().withoutPadding().encodeToString(utf8(TOKEN)),
            Base64.getUrlEncoder().encodeToString(utf8(TOKEN)),
            Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(TOKEN)),
            URLEncoder.encode(TOKEN, StandardCharsets.UTF_8),
            "crm-Tok3n%2fwith%2bodd%3dchars%26more%3f",
            "crm-Tok3n%2Fwith%2Bodd%3Dchars%26more%3F",
        };
        for (var form : forms) {
            var out = REDACTOR.redact("x=" + form + "; next");
            assertThat(out).as(form).isEqualTo("x=[REDACTED:ACME_CRM_TOKEN]; next");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "u:", "us:", "{\"api_token\":\""})
    void aKnownValueInsideALargerBase64BlobIsFoundAtEveryAlignment(String prefix) {
        var blob = Base64.getEncoder().encodeToString(utf8(prefix + TOKEN + "\",\"rest\":1}"));

        var out = REDACTOR.redact("payload " + blob + " end");

        assertThat(out).contains("[REDACTED:ACME_CRM_TOKEN]");
        assertThat(Base64Runs.decodedContain(out, TOKEN)).isFalse();
    }

    @Test
    void overlappingSecretsBecomeOneReplacementNamedAfterTheLonger() {
        var redactor = SecretRedactor.builder()
                .secret("FIRST", "abcdefgh1234")
                .secret("SECOND", "gh1234wxyz9876")
                .build();

        var out = redactor.redact("[abcdefgh1234wxyz9876]");

        assertThat(out).isEqualTo("[[REDACTED:SECOND]]");
    }

    @Test
    void aSecretInsideAnotherIsCoveredByTheLongerOne() {
        var redactor = SecretRedactor.builder()
                .secret("INNER", "EFGHIJKL")
                .secret("OUTER", "ABCDEFGHIJKLMNOP")
                .build();

        assertThat(redactor.redact("ABCDEFGHIJKLMNOP and EFGHIJKL")).isEqualTo("[REDACTED:OUTER] and [REDACTED:INNER]");
    }

    @Test
    void adjacentSecretsStaySeparate() {
        var redactor = SecretRedactor.builder()
                .secret("ONE", "first-secret-1")
                .secret("TWO", "second-secret-2")
                .build();

        assertThat(redactor.redact("first-secret-1second-secret-2")).isEqualTo("[REDACTED:ONE][REDACTED:TWO]");
    }

    @Test
    void repeatedOccurrencesAreAllReplaced() {
        var text = (TOKEN + " ").repeat(50);

        var out = REDACTOR.redact(text);

        assertThat(out).isEqualTo("[REDACTED:ACME_CRM_TOKEN] ".repeat(50));
    }

    @Test
    void shortValuesAreCountedAndNamedButNotSearchedFor() {
        var redactor = SecretRedactor.builder()
                .secret("PIN", "1234")
                .secret("ADMIN_USER", "admin")
                .secret("LONG_ENOUGH", "12345678")
                .build();

        assertThat(redactor.shortSecretsSkipped()).isEqualTo(2);
        assertThat(redactor.namesNotRedactedByValue()).containsExactlyInAnyOrder("PIN", "ADMIN_USER");
        assertThat(redactor.knownSecrets()).isEqualTo(3);
        var text = "admin logged in from 10.0.0.1234 with 12345678";
        assertThat(redactor.redact(text)).isEqualTo("admin logged in from 10.0.0.1234 with [REDACTED:LONG_ENOUGH]");
    }

    @Test
    void aValueRegisteredUnderTwoNamesIsNamedAfterTheFirst() {
        var redactor = SecretRedactor.builder()
                .secret("crm/TOKEN", "same-value-123")
                .secret("billing/TOKEN", "same-value-123")
                .build();

        assertThat(redactor.redact("same-value-123")).isEqualTo("[REDACTED:crm/TOKEN]");
    }

    @Test
    void nonAsciiSecretsAreFoundToo() {
        var redactor = SecretRedactor.builder()
                .secret("PASSPHRASE", "grüße-aus-köln-€")
                .build();

        assertThat(redactor.redact("pass: grüße-aus-köln-€!")).isEqualTo("pass: [REDACTED:PASSPHRASE]!");
        assertThat(redactor.redact(URLEncoder.encode("grüße-aus-köln-€", StandardCharsets.UTF_8)))
                .isEqualTo("[REDACTED:PASSPHRASE]");
    }

    @Test
    void redactedTextPassesASecondRedactionUnchanged() {
        // Logs are redacted per value and then per line: the second pass must not rename markers.
        var text = "{\"password\":\"" + TOKEN + "\",\"headers\":{\"Authorization\":\"Bearer " + TOKEN
                + "\",\"Proxy-Authorization\":\"" + TOKEN + "\"},\"db\":\"postgres://u:" + TOKEN
                + "@h/db\"}\npassword=" + TOKEN + " api_key: '" + TOKEN + "' Authorization: Basic dXNlcjpwYXNzd29yZA==";

        var once = REDACTOR.redact(text);

        assertThat(once).doesNotContain(TOKEN, "dXNlcjpwYXNzd29yZA");
        assertThat(REDACTOR.redact(once)).isSameAs(once);
        assertThat(SecretRedactor.patternsOnly().redact(once)).isSameAs(once);
    }

    @Test
    void textWithoutSecretsComesBackAsTheSameInstance() {
        var text = "nothing to see here";

        assertThat(REDACTOR.redact(text)).isSameAs(text);
        assertThat(REDACTOR.redact("")).isEmpty();
    }

    @Test
    void aBadNameIsRefusedWithoutEchoingTheValue() {
        var builder = SecretRedactor.builder();

        assertThatThrownBy(() -> builder.secret("bad name\n", "the-value-itself"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("the-value-itself");
    }

    @Test
    void toStringShowsCountsNeverValues() {
        var redactor = SecretRedactor.builder()
                .secrets(Map.of("A", "value-number-one", "B", "short"))
                .build();

        assertThat(redactor.toString()).contains("known=1", "tooShort=1").doesNotContain("value-number-one", "short\"");
        assertThat(new RedactorRegistry(redactor).toString()).doesNotContain("value-number-one");
    }

    @Test
    void theRegistryServesWhatWasInstalledLast() {
        var registry = new RedactorRegistry(SecretRedactor.patternsOnly());
        assertThat(registry.redact(TOKEN)).isEqualTo(TOKEN);

        registry.install(REDACTOR);

        assertThat(registry.redact(TOKEN)).isEqualTo("[REDACTED:ACME_CRM_TOKEN]");
        assertThat(registry.current()).isSameAs(REDACTOR);
    }

    @Test
    void aRegistryStartedPatternsOnlyRedactsCredentialShapesFromTheStart() {
        var token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0".repeat(2).substring(0, 36);

        assertThat(new RedactorRegistry(SecretRedactor.patternsOnly()).redact("t=" + token))
                .doesNotContain(token);
    }
}
