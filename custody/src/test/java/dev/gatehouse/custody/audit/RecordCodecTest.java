package dev.gatehouse.custody.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.audit.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fast structural scan reads exactly what the full JSON parser reads, for every kind of value. */
class RecordCodecTest {

    static final List<Object> TRICKY = List.of(
            "plain",
            "quote \" inside",
            "backslash \\ and \\\" end\\",
            "braces } { ] [ , : inside",
            "\"prev\":\"" + "f".repeat(64) + "\"",
            "unicode é ✓ 𝄞 \u2028",
            "control \u0001 \n \t",
            "",
            -5L,
            3.25,
            true,
            List.of("a}", "b\"", "{c"));

    @Test
    void theFastScanAgreesWithTheFullParserOnEveryValueShape() throws Exception {
        var sha = RecordCodec.sha256();
        long seq = 1;
        String prev = RecordCodec.GENESIS;
        for (var value : TRICKY) {
            for (var principal : List.of("key:alice", "key:\"odd\\name\"")) {
                var event = new AuditEvent(
                        Instant.parse("2026-03-01T10:00:00Z"), "tool.call", principal, Map.of("v", value, "w", "x"));
                var encoded = RecordCodec.encode(seq, prev, event, sha);
                var line = encoded.line();
                int len = line.length - 1;
                var hashHex = encoded.hashHex();
                var fast = RecordScanner.scan(line, 0, len - RecordCodec.SUFFIX, hashHex, true);
                assertThat(fast)
                        .as("the scanner reads the writer's line for %s", value)
                        .isNotNull();
                var full = RecordCodec.structure(line, 0, len, hashHex, true);
                assertThat(fast).isEqualTo(full);
                assertThat(fast.seq()).isEqualTo(seq);
                assertThat(fast.prev()).isEqualTo(prev);
                assertThat(RecordCodec.parse(line, 0, len, sha).hashMatches()).isTrue();
                prev = hashHex;
                seq++;
            }
        }
    }

    @Test
    void linesTheScannerCannotReadFallBackAndAreRefusedWhenNotRecords() {
        var sha = RecordCodec.sha256();
        var event = new AuditEvent(Instant.parse("2026-03-01T10:00:00Z"), "tool.call", "key:a", Map.of("v", "x"));
        var line = RecordCodec.encode(7, RecordCodec.GENESIS, event, sha).line();
        var text = new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
        for (var broken : List.of(
                text.replace("\"seq\":7", "\"seq\":07"),
                text.replace("\"seq\":7", "\"seq\":-7"),
                text.replace("{\"fields\":{\"v\":\"x\"}", "{\"fields\":{\"v\":\"x}"),
                text.replace(",\"prev\"", ",\"prev\":\"0\",\"prev\""),
                text.replace("\"type\":\"tool.call\"", "\"type\":\"tool.call\",\"extra\":1"))) {
            var bytes = broken.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> RecordCodec.parse(bytes, 0, bytes.length, sha))
                    .as(broken)
                    .isInstanceOf(RecordCodec.MalformedRecord.class);
        }
        // An escaped type is unusual but valid JSON: the full parser reads it.
        var escaped = text.replace("\"type\":\"tool.call\"", "\"type\":\"tool\\u002ecall\"")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(RecordScanner.scan(escaped, 0, escaped.length - RecordCodec.SUFFIX, "", false))
                .isNull();
        assertThat(Arrays.equals(escaped, line)).isFalse();
    }
}
