package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The per-request shape checks are loops, not regular expressions; they must accept exactly what
 * the patterns they replaced accept, on edge characters and on many random strings.
 */
class ShapeChecksTest {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]+");
    private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final String ALPHABET = "azAZ09._~+/=-@ :;\"'\\\u00e9\u0130\u212a\u0000\t\r\n[]{}`^|%,";

    @Test
    void tokenCharactersAcceptExactlyTheB64TokenAlphabet() {
        var random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            var text = randomText(random, 1 + random.nextInt(12));
            assertThat(Authenticator.tokenCharacters(text))
                    .as(text)
                    .isEqualTo(TOKEN.matcher(text).matches());
        }
        assertThat(Authenticator.tokenCharacters("ghk_abc.DEF~1+2/3=-")).isTrue();
        assertThat(Authenticator.tokenCharacters("ghk abc")).isFalse();
    }

    @Test
    void sessionIdsAreExactly43UrlSafeCharacters() {
        var random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            var length = random.nextBoolean() ? 43 : random.nextInt(50);
            var text = random.nextInt(4) == 0 ? randomText(random, length) : randomSafe(random, length);
            assertThat(SessionIds.wellFormed(text))
                    .as(text)
                    .isEqualTo(SESSION.matcher(text).matches());
        }
        assertThat(SessionIds.wellFormed(null)).isFalse();
        assertThat(SessionIds.wellFormed("A".repeat(42) + "\u0130")).isFalse();
    }

    @Test
    void onlyJsonContentTypesAreJson() {
        for (var type : new String[] {
            "application/json",
            "APPLICATION/JSON",
            " application/json ",
            "application/json; charset=utf-8",
            "application/json;charset=UTF-8"
        }) {
            assertThat(McpGate.isJson(type)).as(type).isTrue();
        }
        for (var type : new String[] {
            "application/jsonp",
            "text/json",
            "application/json-seq",
            "application/x-json",
            "",
            "application/j\u017Fon",
            "APPLICATION/J\u017FON"
        }) {
            assertThat(McpGate.isJson(type)).as(type).isFalse();
        }
    }

    private static String randomText(Random random, int length) {
        var text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    private static String randomSafe(Random random, int length) {
        var safe = "ABCXYZabcxyz0189_-";
        var text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            // Mostly safe characters, with the odd one that is not.
            text.append(random.nextInt(60) == 0 ? '.' : safe.charAt(random.nextInt(safe.length())));
        }
        return text.toString();
    }
}
