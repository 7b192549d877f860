package dev.gatehouse.redaction;

import static dev.gatehouse.redaction.CredentialShapesTest.jwt;
import static dev.gatehouse.redaction.CredentialShapesTest.pemBody;
import static dev.gatehouse.redaction.CredentialShapesTest.random;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Inputs larger than a chunk: whatever straddles a chunk border is still found whole. */
class LargeInputTest {

    private static final int C = SecretRedactor.CHUNK_CHARS;
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private record Planted(String name, String text, int at) {}

    @Test
    void credentialsAcrossChunkBordersAreRedactedWhole() {
        var known = "known-Secret-" + random(ALNUM, 30);
        var redactor = SecretRedactor.builder().secret("KNOWN", known).build();
        var ghp = "ghp_" + random(ALNUM, 36);
        var planted = new ArrayList<Planted>();
        // Straddling the border in the middle, and touching it from either side.
        planted.add(new Planted("KNOWN", known, C - known.length() / 2));
        planted.add(new Planted("github-token", ghp, 2 * C - ghp.length() / 2));
        planted.add(new Planted("github-token", "ghs_" + random(ALNUM, 36), 3 * C - 2)); // the trigger too
        planted.add(new Planted("github-token", "gho_" + random(ALNUM, 36), 4 * C - 40));
        planted.add(new Planted("github-token", "ghu_" + random(ALNUM, 36), 5 * C - 39));
        var jwt = jwt();
        planted.add(new Planted("jwt", jwt, 6 * C - jwt.length() / 3));
        var aws = "AKIA" + random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        planted.add(new Planted("aws-access-key-id", aws, 7 * C - 7));
        var pem = "-----BEGIN EC PRIVATE KEY-----\n" + pemBody() + "-----END EC PRIVATE KEY-----";
        planted.add(new Planted("private-key", pem, 8 * C - pem.length() / 2));
        var slack = "xoxp-" + random("0123456789", 12) + "-" + random(ALNUM, 32);
        planted.add(new Planted("slack-token", slack, 9 * C - 20));
        // The same known value again, far into the text: the automaton runs over all of it.
        planted.add(new Planted("KNOWN", known, 10 * C - 3));
        var text = prose(11 * C, planted);

        var out = redactor.redact(text);

        for (var p : planted) {
            assertThat(out).as(p.name() + " at " + p.at()).doesNotContain(p.text());
            assertThat(out).contains("[REDACTED:" + p.name() + "]");
        }
        assertThat(count(out, "[REDACTED:")).isEqualTo(planted.size());
        assertThat(count(out, "[REDACTED:KNOWN]")).isEqualTo(2);
    }

    @Test
    void anAuthorizationHeaderAcrossABorderKeepsItsNameAndLosesItsValue() {
        var value = random(ALNUM, 48);
        var header = "Authorization: Bearer " + value;
        var text = prose(2 * C, List.of(new Planted("authorization", header, C - 30)));

        var out = SecretRedactor.patternsOnly().redact(text);

        assertThat(out)
                .contains("Authorization: Bearer [REDACTED:authorization]")
                .doesNotContain(value);
    }

    /** Ordinary sentences of {@code length} characters with each planted text at its offset. */
    private static String prose(int length, List<Planted> planted) {
        var filler = "The quick brown fox jumps over the lazy dog while the report is compiled. ";
        var sb = new StringBuilder(length + filler.length());
        while (sb.length() < length) {
            sb.append(filler);
        }
        sb.setLength(length);
        for (var p : planted) {
            sb.replace(p.at() - 1, p.at() + p.text().length() + 1, " " + p.text() + " ");
        }
        return sb.toString();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
