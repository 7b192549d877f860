package dev.gatehouse.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.config.CanonicalJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * The record format. A record's body is the canonical JSON (keys sorted at every level, no white
 * space; {@link CanonicalJson}) of {@code {fields, prev, principal, seq, time, type}}; its hash is
 * SHA-256 over those bytes. The stored line is the body with {@code ,"hash":"<64 hex>"} inserted
 * before the closing brace, then a newline. Any reader can therefore recompute a hash either from
 * the bytes before the hash field or by canonicalising the record without it.
 */
final class RecordCodec {

    static final String GENESIS = "0".repeat(64);
    static final byte[] HASH_KEY = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
    /** {@code ,"hash":"} + 64 hex digits + {@code "}}. */
    static final int SUFFIX = HASH_KEY.length + 64 + 2;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** The value of each byte as a lower-case hex digit, or -1. */
    private static final byte[] HEX_VALUES = hexValues();

    // The body's fixed text between its values, in key order: the writer puts these between the
    // values, and CanonicalScanner requires them in exactly these places. Never modified.
    static final byte[] FIELDS = "{\"fields\":".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PREV = ",\"prev\":\"".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PRINCIPAL = "\",\"principal\":".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SEQ = ",\"seq\":".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TIME = ",\"time\":".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TYPE = ",\"type\":".getBytes(StandardCharsets.US_ASCII);

    private RecordCodec() {}

    /** One encoded record, newline included. */
    record Encoded(byte[] line, String hashHex) {}

    /** A record as the verifier needs it; the event's fields are not decoded. */
    record Parsed(long seq, String prev, String type, String time, String hashHex, boolean hashMatches) {}

    /**
     * The canonical JSON of an event's own parts (fields, principal, time, type), which do not
     * depend on where it lands in the chain. The appending thread prepares it, so the single writer
     * thread only splices in seq and prev and hashes.
     */
    record Prepared(byte[] fields, byte[] principal, byte[] time, byte[] type) {}

    /** Why a line is not a record. */
    static final class MalformedRecord extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedRecord(String reason) {
            super(reason, null, false, false);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    static Prepared prepare(AuditEvent event) {
        ObjectNode fields = NODES.objectNode();
        event.fields().forEach((k, v) -> fields.set(k, value(v)));
        return new Prepared(
                canonical(fields),
                canonical(NODES.textNode(event.principal())),
                canonical(NODES.textNode(event.time().toString())),
                canonical(NODES.textNode(event.type())));
    }

    /**
     * The bytes {@link CanonicalJson} writes for the node. Going through a String and back also
     * turns an unpaired surrogate into '?' before anything is sorted or hashed.
     */
    private static byte[] canonical(JsonNode node) {
        var text = CanonicalJson.write(node);
        var utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (node.isObject() && !new String(utf8, StandardCharsets.UTF_8).equals(text)) {
            // A key or value held an unpaired surrogate: sort again by what is actually stored.
            try {
                return CanonicalJson.write(MAPPER.readTree(utf8)).getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("canonical JSON did not read back", e);
            }
        }
        return utf8;
    }

    static Encoded encode(long seq, String prevHex, AuditEvent event, MessageDigest sha) {
        return encode(seq, prevHex, prepare(event), sha);
    }

    /**
     * The record line: canonical JSON of {@code {fields, prev, principal, seq, time, type}} (already
     * in key order), then the hash of those bytes as the last field.
     */
    static Encoded encode(long seq, String prevHex, Prepared p, MessageDigest sha) {
        var seqText = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
        int bodyLength = FIELDS.length
                + p.fields().length
                + PREV.length
                + 64
                + PRINCIPAL.length
                + p.principal().length
                + SEQ.length
                + seqText.length
                + TIME.length
                + p.time().length
                + TYPE.length
                + p.type().length;
        byte[] line = new byte[bodyLength + SUFFIX + 1];
        int at = put(line, 0, FIELDS);
        at = put(line, at, p.fields());
        at = put(line, at, PREV);
        at = put(line, at, prevHex.getBytes(StandardCharsets.US_ASCII));
        at = put(line, at, PRINCIPAL);
        at = put(line, at, p.principal());
        at = put(line, at, SEQ);
        at = put(line, at, seqText);
        at = put(line, at, TIME);
        at = put(line, at, p.time());
        at = put(line, at, TYPE);
        at = put(line, at, p.type());
        sha.update(line, 0, at);
        sha.update((byte) '}');
        var digest = sha.digest();
        at = put(line, at, HASH_KEY);
        hex(digest, line, at);
        at += 64;
        var hashHex = new String(line, at - 64, 64, StandardCharsets.US_ASCII);
        line[at++] = '"';
        line[at++] = '}';
        line[at] = '\n';
        return new Encoded(line, hashHex);
    }

    private static int put(byte[] line, int at, byte[] part) {
        System.arraycopy(part, 0, line, at, part.length);
        return at + part.length;
    }

    private static JsonNode value(Object v) {
        return switch (v) {
            case String s -> NODES.textNode(s);
            case Boolean b -> NODES.booleanNode(b);
            case Integer i -> NODES.numberNode(i.longValue());
            case Long l -> NODES.numberNode(l);
            case Short s -> NODES.numberNode(s.longValue());
            case Byte b -> NODES.numberNode(b.longValue());
            case BigInteger b -> NODES.numberNode(b);
            // Readers take every fraction as a double: store it as one, so the line is canonical.
            case BigDecimal d -> NODES.numberNode(d.doubleValue());
            case Number n -> NODES.numberNode(n.doubleValue());
            case List<?> list -> {
                var array = NODES.arrayNode();
                list.forEach(item -> array.add(String.valueOf(item)));
                yield array;
            }
            default -> NODES.textNode(String.valueOf(v));
        };
    }

    /**
     * Parses one line (without its newline), checks it is a record in canonical form, and checks
     * its hash against its body. For recovery; {@link ChunkCheck} uses {@link RecordCheck} directly.
     */
    static Parsed parse(byte[] buf, int off, int len, RecordCheck check) throws MalformedRecord {
        boolean matches = check.check(buf, off, len);
        var r = check.record();
        return new Parsed(
                r.seq(),
                new String(buf, r.prevAt(), 64, StandardCharsets.ISO_8859_1),
                r.type(),
                r.time(),
                new String(buf, check.hashAt(), 64, StandardCharsets.ISO_8859_1),
                matches);
    }

    /**
     * Whether {@code buf[at, at + 64)} are lower-case hex digits. A table and no early exit: hash
     * digits are random, so a branch per digit is mispredicted about every other time.
     */
    static boolean isHex64(byte[] buf, int at) {
        int any = 0;
        for (int i = at; i < at + 64; i++) {
            any |= HEX_VALUES[buf[i] & 0xff];
        }
        return any >= 0;
    }

    /** Writes {@code digest} as lower-case hex digits into {@code out} from {@code at}. */
    static void hex(byte[] digest, byte[] out, int at) {
        for (int i = 0; i < digest.length; i++) {
            out[at + 2 * i] = HEX_DIGITS[(digest[i] >> 4) & 0xf];
            out[at + 2 * i + 1] = HEX_DIGITS[digest[i] & 0xf];
        }
    }

    private static byte[] hexValues() {
        var values = new byte[256];
        Arrays.fill(values, (byte) -1);
        for (int i = 0; i < HEX_DIGITS.length; i++) {
            values[HEX_DIGITS[i]] = (byte) i;
        }
        return values;
    }

    /** JSON text, fully decoded: a record line for checkpoints and readers, or one value of it for the canonical checks. */
    static JsonNode tree(byte[] buf, int off, int len) throws MalformedRecord {
        try {
            return MAPPER.readTree(buf, off, len);
        } catch (IOException e) {
            throw new MalformedRecord("not valid JSON");
        }
    }
}
