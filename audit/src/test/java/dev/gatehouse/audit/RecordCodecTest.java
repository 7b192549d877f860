package dev.gatehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gatehouse.api.audit.AuditEvent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The writer's lines are exactly canonical and pass the byte checks; lines that mean the same (or
 * read differently) in any other spelling are refused even when their hash matches their bytes.
 */
class RecordCodecTest {

    static final List<Object> TRICKY = List.of(
            "plain",
            "quote \" inside",
            "backslash \\ and \\\" end\\",
            "braces } { ] [ , : inside",
            "\"prev\":\"" + "f".repeat(64) + "\"",
            "unicode é ✓ 𝄞 \u2028 \u007f \u0080 \u07ff \u0800 \uffff \ud800\udc00 \udbff\udfff",
            "control \u0001 \n \t \b \f \r \u001f \u0000",
            "lone surrogate \ud800 here",
            "",
            -5L,
            0L,
            999_999_999_999_999_999L,
            -999_999_999_999_999_999L,
            Double.NaN,
            true,
            List.of("a}", "b\"", "{c"),
            List.of());

    /** Values the byte checks leave to the exact parse-and-rewrite check; still canonical. */
    static final List<Object> UNUSUAL = List.of(
            3.25,
            -0.0,
            1e300,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            new BigInteger("123456789012345678901234567890"),
            new BigDecimal("1.10"));

    record Checked(boolean hashMatches, long exactChecks) {}

    static Checked check(byte[] line) throws RecordCodec.MalformedRecord {
        var check = new RecordCheck();
        boolean matches = check.check(line, 0, line.length - 1);
        return new Checked(matches, check.record().exactChecks());
    }

    static AuditEvent event(String principal, Map<String, Object> fields) {
        return new AuditEvent(Instant.parse("2026-03-01T10:00:00Z"), "tool.call", principal, fields);
    }

    @Test
    void everyValueTheWriterWritesIsCanonicalAndPassesTheByteChecks() throws Exception {
        var sha = RecordCodec.sha256();
        var values = new ArrayList<>(TRICKY);
        for (char c = 0; c < 0x100; c++) {
            values.add("char " + c);
        }
        long seq = 1;
        String prev = RecordCodec.GENESIS;
        for (var value : values) {
            for (var principal : List.of("key:alice", "key:\"odd\\name\"", "ключ:é")) {
                var encoded = RecordCodec.encode(seq, prev, event(principal, Map.of("v", value, "w", "x")), sha);
                var line = encoded.line();
                var text = new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
                assertThat(AuditFixtures.recomputedHash(text))
                        .as("an independent canonicaliser agrees on the hash of %s", value)
                        .isEqualTo(encoded.hashHex());
                assertThat(check(line)).as("%s", value).isEqualTo(new Checked(true, 0));
                var parsed = RecordCodec.parse(line, 0, line.length - 1, new RecordCheck());
                assertThat(parsed)
                        .isEqualTo(new RecordCodec.Parsed(
                                seq, prev, "tool.call", "2026-03-01T10:00:00Z", encoded.hashHex(), true));
                prev = encoded.hashHex();
                seq++;
            }
        }
    }

    @Test
    void unusualValuesAreCheckedExactlyAndAccepted() throws Exception {
        var sha = RecordCodec.sha256();
        for (var value : UNUSUAL) {
            var encoded = RecordCodec.encode(1, RecordCodec.GENESIS, event("key:a", Map.of("v", value)), sha);
            var text = new String(encoded.line(), 0, encoded.line().length - 1, StandardCharsets.UTF_8);
            assertThat(AuditFixtures.recomputedHash(text)).as("%s", value).isEqualTo(encoded.hashHex());
            var checked = check(encoded.line());
            assertThat(checked.hashMatches()).as("%s", value).isTrue();
            assertThat(checked.exactChecks()).as("%s", value).isPositive();
        }
    }

    @Test
    void fieldKeysAreSortedAsStoredEvenWithALoneSurrogate() throws Exception {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("a\ud800", "x"); // stored as "a?", which sorts before "a@"
        fields.put("a@", "y");
        var encoded = RecordCodec.encode(1, RecordCodec.GENESIS, event("key:a", fields), RecordCodec.sha256());
        assertThat(check(encoded.line()).hashMatches()).isTrue();
    }

    /** The line an attacker would write: these exact body bytes with a hash that matches them. */
    static byte[] rehashed(String body) throws Exception {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        var hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        var line = body.substring(0, body.length() - 1) + ",\"hash\":\"" + hash + "\"}\n";
        return line.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLineThatIsNotCanonicalIsRefusedThoughItsHashMatchesItsBytes() throws Exception {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("a", "A/é");
        fields.put("n", 10L);
        fields.put("outcome", "ok");
        fields.put("s", List.of("x"));
        var line = RecordCodec.encode(7, RecordCodec.GENESIS, event("key:a", fields), RecordCodec.sha256())
                .line();
        var text = new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
        var body = text.substring(0, text.length() - RecordCodec.SUFFIX) + "}";
        assertThat(check(rehashed(body)).hashMatches()).isTrue();
        for (var variant : List.of(
                body.replace("\"outcome\":\"ok\"", "\"outcome\":\"ok\",\"outcome\":\"denied\""),
                body.replace("\"a\":\"A/é\",\"n\":10", "\"n\":10,\"a\":\"A/é\""),
                body.replace("\"n\":10", "\"n\": 10"),
                body.replace("{\"fields\"", "{ \"fields\""),
                body.replace("\"n\":10", "\"n\":10.50"),
                body.replace("\"n\":10", "\"n\":1e1"),
                body.replace("\"n\":10", "\"n\":010"),
                body.replace("\"n\":10", "\"n\":-0"),
                body.replace("A/é", "\\u0041/é"),
                body.replace("A/é", "A\\/é"),
                body.replace("A/é", "A/\\u00e9"),
                body.replace("A/é", "A/\\u00E9"),
                body.replace("A/é", "A\\u001f/é"),
                body.replace("A/é", "A\u0001/é"),
                body.replace("\"a\":", "\"\\u0061\":"),
                body.replace("[\"x\"]", "[ \"x\"]"),
                body.replace("\"s\":[\"x\"]", "\"s\":[\"x\"],\"t\":{\"b\":1,\"a\":2}"),
                body.replace("\"type\":\"tool.call\"", "\"type\":\"tool\\u002ecall\""),
                body.replace("\"principal\":\"key:a\"", "\"principal\":\"key:\\u0061\""),
                body.replace("\"seq\":7", "\"seq\":07"),
                body.replace("\"seq\":7", "\"seq\":7.0"),
                body.replace(",\"prev\"", ",\"prev\":\"" + "0".repeat(64) + "\",\"prev\""),
                body.replace("\"type\":\"tool.call\"", "\"type\":\"tool.call\",\"extra\":1"),
                body.replace("\"type\":\"tool.call\"}", "\"type\":\"tool.call\" }"))) {
            assertThat(variant).isNotEqualTo(body);
            var attack = rehashed(variant);
            assertThat(catchThrowable(() -> check(attack))).as(variant).isInstanceOf(RecordCodec.MalformedRecord.class);
        }
    }

    @Test
    void invalidUtf8IsRefused() throws Exception {
        var line = RecordCodec.encode(1, RecordCodec.GENESIS, event("key:a", Map.of("v", "é")), RecordCodec.sha256())
                .line();
        var text = new String(line, 0, line.length - 1, StandardCharsets.ISO_8859_1);
        var body = text.substring(0, text.length() - RecordCodec.SUFFIX) + "}";
        var e = "\u00c3\u00a9"; // é as UTF-8 bytes, seen as Latin-1
        for (var bad : List.of("\u00c0\u0080", "\u00ed\u00a0\u0080", "\u00c3", "\u00f5\u0080\u0080\u0080", "\u00ff")) {
            var variant = body.replace(e, bad).getBytes(StandardCharsets.ISO_8859_1);
            var hash = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(variant));
            var attack = (new String(variant, 0, variant.length - 1, StandardCharsets.ISO_8859_1) + ",\"hash\":\""
                            + hash + "\"}\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            assertThatThrownBy(() -> check(attack)).isInstanceOf(RecordCodec.MalformedRecord.class);
        }
    }

    @Test
    void anEditedButCanonicalLineIsReadButDoesNotMatchItsHash() throws Exception {
        var line = RecordCodec.encode(3, RecordCodec.GENESIS, event("key:bob", Map.of("v", "x")), RecordCodec.sha256())
                .line();
        var edited = new String(line, StandardCharsets.UTF_8)
                .replace("key:bob", "key:eve")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(check(edited).hashMatches()).isFalse();
        var upper = new String(line, StandardCharsets.UTF_8);
        int at = upper.lastIndexOf("\"hash\":\"") + 8;
        var shouting = (upper.substring(0, at) + upper.substring(at, at + 64).toUpperCase() + upper.substring(at + 64))
                .getBytes(StandardCharsets.UTF_8);
        if (!new String(shouting, StandardCharsets.UTF_8).equals(upper)) {
            assertThatThrownBy(() -> check(shouting)).isInstanceOf(RecordCodec.MalformedRecord.class);
        }
    }
}
