package dev.gatehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gatehouse.api.audit.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordCheck#tryLine} checks a line without being told where it ends. It may decline any
 * line, but a line it accepts must be one {@link RecordCheck#check} accepts too, ending at the same
 * newline, with the same verdict on its hash.
 */
class RecordCheckTest {

    /** Bytes an attacker would put anywhere in a line. */
    static final byte[] REPLACEMENTS = "\n\r\t \"\\{}[],:0aAf-.e\u0000\u007f".getBytes(StandardCharsets.ISO_8859_1);

    static List<byte[]> writerLines() {
        var sha = RecordCodec.sha256();
        var lines = new ArrayList<byte[]>();
        String prev = RecordCodec.GENESIS;
        long seq = 1;
        for (var value : RecordCodecTest.TRICKY) {
            var event = new AuditEvent(
                    Instant.parse("2026-03-01T10:00:00Z"), "tool.call", "key:é", Map.of("v", value, "n", seq));
            var encoded = RecordCodec.encode(seq++, prev, event, sha);
            prev = encoded.hashHex();
            lines.add(encoded.line());
        }
        return lines;
    }

    /** What {@link RecordCheck#check} says of the line that ends at the first newline: hash verdict, or empty if malformed. */
    static Optional<Boolean> fullCheck(byte[] buf, int newline) {
        try {
            return Optional.of(new RecordCheck().check(buf, 0, newline));
        } catch (RecordCodec.MalformedRecord e) {
            return Optional.empty();
        }
    }

    static int firstNewline(byte[] buf) {
        for (int i = 0; i < buf.length; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Runs both checks on {@code line} followed by {@code next}; returns whether the quick one accepted it. */
    static boolean agree(byte[] line, byte[] next) {
        var buf = Arrays.copyOf(line, line.length + next.length);
        System.arraycopy(next, 0, buf, line.length, next.length);
        var quick = new RecordCheck();
        int newline = quick.tryLine(buf, 0, buf.length);
        if (newline < 0) {
            return false;
        }
        assertThat(newline).as("the line's end").isEqualTo(firstNewline(buf));
        boolean matches = quick.hashMatches(buf, 0);
        assertThat(fullCheck(buf, newline))
                .as("what the full check says of %s", new String(line, StandardCharsets.UTF_8))
                .contains(matches);
        return true;
    }

    @Test
    void everyLineTheWriterWritesIsAcceptedWithoutSearchingForItsEnd() {
        var lines = writerLines();
        for (int i = 0; i + 1 < lines.size(); i++) {
            var buf = lines.get(i);
            var quick = new RecordCheck();
            var two = Arrays.copyOf(buf, buf.length + lines.get(i + 1).length);
            System.arraycopy(lines.get(i + 1), 0, two, buf.length, lines.get(i + 1).length);
            assertThat(quick.tryLine(two, 0, two.length)).isEqualTo(buf.length - 1);
            assertThat(quick.hashMatches(two, 0)).isTrue();
            assertThat(quick.record().seq()).isEqualTo(i + 1);
        }
    }

    @Test
    void aLineThatIsCutShortIsDeclinedNotRead() {
        var line = writerLines().getFirst();
        var quick = new RecordCheck();
        for (int limit = 0; limit < line.length; limit++) {
            assertThat(quick.tryLine(line, 0, limit)).as("only %d bytes", limit).isEqualTo(-1);
        }
    }

    @Test
    void noSingleByteChangeMakesTheQuickCheckAcceptWhatTheFullCheckRefuses() {
        var lines = writerLines();
        int accepted = 0;
        int declined = 0;
        for (int l = 0; l + 1 < lines.size(); l++) {
            var original = lines.get(l);
            var next = lines.get(l + 1);
            for (int at = 0; at < original.length; at++) {
                for (byte b : REPLACEMENTS) {
                    if (original[at] == b) {
                        continue;
                    }
                    var changed = original.clone();
                    changed[at] = b;
                    if (agree(changed, next)) {
                        accepted++;
                    } else {
                        declined++;
                    }
                }
            }
        }
        // Both outcomes happen: edits inside values stay on the quick path (and fail their hash).
        assertThat(accepted).isPositive();
        assertThat(declined).isPositive();
    }

    @Test
    void aLineWithAValueTheByteChecksLeaveToTheExactCheckIsDeclined() {
        var sha = RecordCodec.sha256();
        var event = new AuditEvent(Instant.parse("2026-03-01T10:00:00Z"), "tool.call", "key:a", Map.of("v", 3.25));
        var line = RecordCodec.encode(1, RecordCodec.GENESIS, event, sha).line();
        assertThat(new RecordCheck().tryLine(line, 0, line.length)).isEqualTo(-1);
        assertThat(fullCheck(line, line.length - 1)).contains(true);
    }

    @Test
    void keysThatExtendAnotherKeyMustFollowIt() throws Exception {
        // Sorted as strings, "a" comes before "a " and "a!"; compared with their closing quotes
        // (0x22) the longer ones would wrongly seem to come first.
        var sha = RecordCodec.sha256();
        for (var longer : List.of("a ", "a!")) {
            var event = new AuditEvent(
                    Instant.parse("2026-03-01T10:00:00Z"), "tool.call", "key:a", Map.of(longer, 1, "a", 2));
            var line = RecordCodec.encode(1, RecordCodec.GENESIS, event, sha).line();
            var text = new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
            assertThat(text).contains("{\"a\":2,\"" + longer + "\":1}");
            var check = new RecordCheck();
            assertThat(check.check(line, 0, line.length - 1)).isTrue();
            assertThat(check.record().exactChecks())
                    .as("the byte checks decide")
                    .isZero();

            var body = text.substring(0, text.length() - RecordCodec.SUFFIX) + "}";
            var swapped = body.replace("{\"a\":2,\"" + longer + "\":1}", "{\"" + longer + "\":1,\"a\":2}");
            assertThat(swapped).isNotEqualTo(body);
            var forged = RecordCodecTest.rehashed(swapped);
            var refused = catchThrowable(() -> new RecordCheck().check(forged, 0, forged.length - 1));
            assertThat(refused)
                    .as("keys out of order: %s", swapped)
                    .isInstanceOf(RecordCodec.MalformedRecord.class)
                    .hasMessageContaining("canonical");
            assertThat(new RecordCheck().tryLine(forged, 0, forged.length)).isEqualTo(-1);
        }
    }
}
