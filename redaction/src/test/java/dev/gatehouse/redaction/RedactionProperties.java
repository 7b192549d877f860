package dev.gatehouse.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** Wherever a known secret lands in random text, and however it is encoded, it does not come out. */
class RedactionProperties {

    enum Form {
        RAW,
        BASE64,
        BASE64_NO_PADDING,
        BASE64URL,
        BASE64URL_NO_PADDING,
        URL_ENCODED,
        INSIDE_BASE64_BLOB
    }

    @Property(tries = 400)
    void aKnownSecretNeverSurvivesInAnyForm(
            @ForAll("text") String text,
            @ForAll("secrets") String secret,
            @ForAll @IntRange(min = 0, max = 10_000) int where,
            @ForAll Form form,
            @ForAll @StringLength(max = 5) String blobPrefix) {
        var redactor = SecretRedactor.builder().secret("PLANTED", secret).build();
        int at = where % (text.length() + 1);
        var planted = encode(form, secret, blobPrefix);
        var input = text.substring(0, at) + planted + text.substring(at);

        var out = redactor.redact(input);

        assertThat(out).doesNotContain(secret);
        if (form == Form.INSIDE_BASE64_BLOB) {
            assertThat(Base64Runs.decodedContain(out, secret)).isFalse();
        } else {
            assertThat(out).doesNotContain(planted);
        }
        assertThat(out).contains("[REDACTED:PLANTED]");
    }

    private static String encode(Form form, String secret, String blobPrefix) {
        var bytes = secret.getBytes(StandardCharsets.UTF_8);
        return switch (form) {
            case RAW -> secret;
            case BASE64 -> Base64.getEncoder().encodeToString(bytes);
            case BASE64_NO_PADDING -> Base64.getEncoder().withoutPadding().encodeToString(bytes);
            case BASE64URL -> Base64.getUrlEncoder().encodeToString(bytes);
            case BASE64URL_NO_PADDING -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            case URL_ENCODED -> URLEncoder.encode(secret, StandardCharsets.UTF_8);
            case INSIDE_BASE64_BLOB ->
                Base64.getEncoder().encodeToString((blobPrefix + secret + "\"}").getBytes(StandardCharsets.UTF_8));
        };
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;=/+-_\"{}\n")
                .ofMaxLength(400);
    }

    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~+/=&?%!@#$ é€")
                .ofMinLength(SecretRedactor.MIN_SECRET_LENGTH)
                .ofMaxLength(64);
    }
}
