package dev.gatehouse.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written key check agrees with the format's definition as a regular expression. */
class ApiKeyFormatTest {

    /** The last character's two low bits are unused by a 256-bit secret and must be zero: one spelling per key. */
    private static final Pattern DEFINITION = Pattern.compile("ghk_[0-9a-f]{16}_[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]");

    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");

    /** Characters on both sides of every class boundary in the definition, and some far outside. */
    private static final String PROBES = "/09:@AFGZ[`afgz{_-.+= \u00e9\u0660\uff10\u0000";

    @Test
    void generatedKeysParseToTheirIdAndSecretLength() {
        var random = new SecureRandom();
        for (int i = 0; i < 100; i++) {
            var fresh = ApiKeyFormat.generate(random);
            var parsed = ApiKeyFormat.parse(fresh.key()).orElseThrow();
            assertThat(parsed.keyId()).isEqualTo(fresh.keyId());
            assertThat(parsed.secret()).hasSize(ApiKeyFormat.SECRET_BYTES);
            assertThat(ApiKeyFormat.isKeyId(fresh.keyId())).isTrue();
        }
    }

    @Test
    void everySingleCharacterChangeIsJudgedAsTheDefinitionJudgesIt() {
        var key = ApiKeyFormat.generate(new SecureRandom()).key();
        for (int at = 0; at < key.length(); at++) {
            for (char c : PROBES.toCharArray()) {
                var changed = key.substring(0, at) + c + key.substring(at + 1);
                assertThat(ApiKeyFormat.parse(changed).isPresent())
                        .as("'%s' at %d", c, at)
                        .isEqualTo(DEFINITION.matcher(changed).matches());
            }
        }
    }

    @Test
    void aKeyHasOneSpellingTheOtherThreeThatDecodeAlikeAreRefused() {
        var key = ApiKeyFormat.generate(new SecureRandom()).key();
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(key.charAt(key.length() - 1));
        assertThat(last & 3).isZero();
        for (int low = 1; low < 4; low++) {
            var respelled = key.substring(0, key.length() - 1) + alphabet.charAt(last | low);
            // The JDK decoder reads it as the very same secret; the key check must not.
            assertThat(java.util.Base64.getUrlDecoder().decode(respelled.substring(21)))
                    .isEqualTo(java.util.Base64.getUrlDecoder().decode(key.substring(21)));
            assertThat(ApiKeyFormat.parse(respelled)).as(respelled).isEmpty();
        }
    }

    @Test
    void wrongLengthsNullAndRandomTextAreRefusedAsTheDefinitionRefusesThem() {
        var key = ApiKeyFormat.generate(new SecureRandom()).key();
        assertThat(ApiKeyFormat.parse(null)).isEmpty();
        assertThat(ApiKeyFormat.parse(key + "A")).isEmpty();
        assertThat(ApiKeyFormat.parse(key.substring(1))).isEmpty();
        assertThat(ApiKeyFormat.parse("GHK_" + key.substring(4))).isEmpty();
        var random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            var chars = key.toCharArray();
            for (int n = random.nextInt(3); n >= 0; n--) {
                chars[random.nextInt(chars.length)] = PROBES.charAt(random.nextInt(PROBES.length()));
            }
            var text = new String(chars);
            assertThat(ApiKeyFormat.parse(text).isPresent())
                    .as(text)
                    .isEqualTo(DEFINITION.matcher(text).matches());
        }
    }

    @Test
    void keyIdsAreSixteenLowerCaseHexDigits() {
        for (var id : new String[] {
            "0123456789abcdef", "0123456789ABCDEF", "0123456789abcde", "0123456789abcdefa", "", "g123456789abcdef"
        }) {
            assertThat(ApiKeyFormat.isKeyId(id))
                    .as(id)
                    .isEqualTo(KEY_ID.matcher(id).matches());
        }
        assertThat(ApiKeyFormat.isKeyId(null)).isFalse();
    }
}
