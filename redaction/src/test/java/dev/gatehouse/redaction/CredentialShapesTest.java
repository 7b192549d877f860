package dev.gatehouse.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Credentials nobody registered are still caught by their shape, under a generic name. */
class CredentialShapesTest {

    private static final Random RNG = new Random(20260507);
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String B64URL = ALNUM + "-_";

    static String random(String alphabet, int n) {
        var sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(RNG.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    static String jwt() {
        var enc = Base64.getUrlEncoder().withoutPadding();
        var header = enc.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        var payload = enc.encodeToString("{\"sub\":\"alice\",\"exp\":1900000000}".getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + random(B64URL, 43);
    }

    static String pemBody() {
        var sb = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            sb.append(random(ALNUM + "+/", 64)).append('\n');
        }
        return sb.toString();
    }

    /** name, credential, the text it sits in ({} marks the spot). */
    static Stream<Arguments> shapes() {
        var pem = pemBody();
        return Stream.of(
                Arguments.of("aws-access-key-id", "AKIA" + random(UPPER_DIGITS, 16), "aws_access_key_id = {}\n"),
                Arguments.of("aws-access-key-id", "ASIA" + random(UPPER_DIGITS, 16), "{\"AccessKeyId\":\"{}\"}"),
                Arguments.of("aws-secret-access-key", random(ALNUM + "/+", 40), "aws_secret_access_key = {}\nregion=x"),
                Arguments.of("github-token", "ghp_" + random(ALNUM, 36), "git clone https://x:{}@github.com/a/b"),
                Arguments.of("github-token", "gho_" + random(ALNUM, 36), "token {} expires"),
                Arguments.of("github-token", "ghu_" + random(ALNUM, 36), "({})"),
                Arguments.of("github-token", "ghs_" + random(ALNUM, 36), "GH={}"),
                Arguments.of("github-token", "ghr_" + random(ALNUM, 36), "refresh: {}."),
                Arguments.of("github-token", "github_pat_" + random(ALNUM + "_", 82), "pat {}"),
                Arguments.of("slack-token", "xoxb-" + random("0123456789", 12) + "-" + random(ALNUM, 24), "slack {}"),
                Arguments.of("slack-token", "xapp-1-" + random(ALNUM, 30), "{\"app_token\":\"{}\"}"),
                Arguments.of(
                        "slack-webhook",
                        "https://hooks.slack.com/services/T" + random(UPPER_DIGITS, 8) + "/B" + random(UPPER_DIGITS, 8)
                                + "/" + random(ALNUM, 24),
                        "posting to {} now"),
                Arguments.of("jwt", jwt(), "the id_token was {} (expired)"),
                Arguments.of(
                        "private-key",
                        "-----BEGIN RSA PRIVATE KEY-----\n" + pem + "-----END RSA PRIVATE KEY-----",
                        "key file:\n{}\nthat was it"),
                Arguments.of(
                        "private-key",
                        "-----BEGIN PRIVATE KEY-----\\n" + pem.replace("\n", "\\n") + "-----END PRIVATE KEY-----",
                        "{\"private_key\":\"{}\",\"client_email\":\"x@y.iam\"}"),
                Arguments.of(
                        "private-key",
                        "-----BEGIN OPENSSH PRIVATE KEY-----\n" + pem.substring(0, 100),
                        "truncated output: {}... (cut off by a cap)"),
                Arguments.of("authorization", random(B64URL, 40), "GET / HTTP/1.1\r\nAuthorization: Bearer {}\r\n"),
                Arguments.of(
                        "authorization",
                        Base64.getEncoder().encodeToString("bob:opensesame".getBytes(StandardCharsets.UTF_8)),
                        "{\"headers\":{\"authorization\":\"Basic {}\"}}"),
                Arguments.of("authorization", random(ALNUM, 32), "Proxy-Authorization: {}\n"),
                Arguments.of(
                        "gatehouse-api-key",
                        "ghk_" + random("0123456789abcdef", 16) + "_" + random(B64URL, 43),
                        "key: {}"),
                Arguments.of("url-password", "s3cr3t-Pa55", "DATABASE_URL=postgres://app:{}@db.internal:5432/app"),
                Arguments.of("credential", "correct horse battery", "{\"password\": \"{}\"}"),
                Arguments.of("credential", "Zq8xW2mN4pL7", "client_secret={}&grant_type=client_credentials"),
                Arguments.of("credential", "hunter2hunter2", "db:\n  password: {}\n"));
    }

    @ParameterizedTest(name = "{0} in {2}")
    @MethodSource("shapes")
    void eachCredentialShapeIsRedactedUnderItsGenericName(String name, String credential, String context) {
        var text = context.replace("{}", credential);

        var out = SecretRedactor.patternsOnly().redact(text);

        assertThat(out).contains("[REDACTED:" + name + "]").doesNotContain(credential);
        // Only the credential goes: what surrounds it is still there.
        var around = context.split("\\{}", -1);
        assertThat(out).startsWith(around[0].substring(0, Math.min(around[0].length(), 8)));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void aRegisteredValueIsNamedByItsOwnNameEvenWhenItAlsoHasAKnownShape(
            String generic, String credential, String context) {
        // Same region found twice, by value and by shape: the operator's name is the useful one.
        var text = context.replace("{}", credential);
        var redactor = SecretRedactor.builder().secret("PLANTED", credential).build();

        var out = redactor.redact(text);

        assertThat(out).doesNotContain(credential).contains("[REDACTED:PLANTED]");
    }
}
