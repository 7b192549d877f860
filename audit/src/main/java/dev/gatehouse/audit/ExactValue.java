package dev.gatehouse.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.config.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The exact check {@link CanonicalScanner} falls back on for values its byte checks are unsure of:
 * parse the value, re-write it with {@link CanonicalJson}, and require the same bytes.
 */
final class ExactValue {

    private ExactValue() {}

    /**
     * Checks the value starting at {@code start}, ending at or before {@code end}.
     *
     * @return where the value ends
     * @throws RecordCodec.MalformedRecord when it is not one canonical value of the {@code kind}
     */
    static int check(byte[] buf, int start, int end, Predicate<JsonNode> kind) throws RecordCodec.MalformedRecord {
        int stop = skipValue(buf, start, end);
        if (stop < 0) {
            throw new RecordCodec.MalformedRecord("not a record in canonical form");
        }
        var node = RecordCodec.tree(buf, start, stop - start);
        if (node == null || !kind.test(node)) {
            throw new RecordCodec.MalformedRecord("a value of the wrong kind");
        }
        var canonical = CanonicalJson.write(node).getBytes(StandardCharsets.UTF_8);
        if (!Arrays.equals(buf, start, stop, canonical, 0, canonical.length)) {
            throw new RecordCodec.MalformedRecord("the record is not in canonical form");
        }
        return stop;
    }

    /**
     * Where one value ends: a string, or an object or array by nesting, or a scalar up to the next
     * separator; -1 if it does not end before {@code end}. Where it stops only has to be right for
     * canonical text; anything else fails the byte comparison after it.
     */
    private static int skipValue(byte[] buf, int from, int end) {
        int at = from;
        int depth = 0;
        while (at < end) {
            switch (buf[at]) {
                case '"' -> {
                    at = skipString(buf, at + 1, end);
                    if (at < 0) {
                        return -1;
                    }
                    if (depth == 0) {
                        return at;
                    }
                    continue;
                }
                case '{', '[' -> depth++;
                case '}', ']' -> {
                    if (depth == 0) {
                        return at;
                    }
                    if (--depth == 0) {
                        return at + 1;
                    }
                }
                case ',' -> {
                    if (depth == 0) {
                        return at;
                    }
                }
                default -> {}
            }
            at++;
        }
        return depth == 0 ? at : -1;
    }

    /** Where a string whose opening quote is before {@code from} ends, after its closing quote; -1 if it does not. */
    private static int skipString(byte[] buf, int from, int end) {
        int at = from;
        while (at < end) {
            byte b = buf[at++];
            if (b == '"') {
                return at;
            } else if (b == '\\') {
                at++;
            }
        }
        return -1;
    }
}
