package dev.gatehouse.custody.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import java.util.HexFormat;
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
    private static final byte[] HASH_KEY = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
    /** {@code ,"hash":"} + 64 hex digits + {@code "}}. */
    static final int SUFFIX = HASH_KEY.length + 64 + 2;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();
    private static final HexFormat HEX = HexFormat.of();
    private static final List<String> KEYS = List.of("fields", "prev", "principal", "seq", "time", "type", "hash");

    private RecordCodec() {}

    /** One encoded record, newline included. */
    record Encoded(byte[] line, String hashHex) {}

    /** A record as the verifier needs it; the event's fields are not decoded. */
    record Parsed(long seq, String prev, String type, String time, String hashHex, boolean hashMatches) {}

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

    static Encoded encode(long seq, String prevHex, AuditEvent event, MessageDigest sha) {
        ObjectNode root = NODES.objectNode();
        var fields = root.putObject("fields");
        event.fields().forEach((k, v) -> fields.set(k, value(v)));
        root.put("prev", prevHex);
        root.put("principal", event.principal());
        root.put("seq", seq);
        root.put("time", event.time().toString());
        root.put("type", event.type());
        byte[] body = CanonicalJson.write(root).getBytes(StandardCharsets.UTF_8);
        var hashHex = HEX.formatHex(sha.digest(body));
        byte[] line = Arrays.copyOf(body, body.length - 1 + SUFFIX + 1);
        int at = body.length - 1;
        System.arraycopy(HASH_KEY, 0, line, at, HASH_KEY.length);
        at += HASH_KEY.length;
        var hex = hashHex.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(hex, 0, line, at, hex.length);
        at += hex.length;
        line[at++] = '"';
        line[at++] = '}';
        line[at] = '\n';
        return new Encoded(line, hashHex);
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
            case BigDecimal d -> NODES.numberNode(d);
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
     * Parses one line (without its newline) and checks its hash against its body. The top-level
     * keys must appear exactly once each, in canonical order, with {@code hash} last.
     */
    static Parsed parse(byte[] buf, int off, int len, MessageDigest sha) throws MalformedRecord {
        if (len < SUFFIX + 2 || buf[off] != '{' || buf[off + len - 1] != '}' || buf[off + len - 2] != '"') {
            throw new MalformedRecord("not a record line");
        }
        int hashKeyAt = off + len - SUFFIX;
        if (!Arrays.equals(buf, hashKeyAt, hashKeyAt + HASH_KEY.length, HASH_KEY, 0, HASH_KEY.length)) {
            throw new MalformedRecord("the hash is not the last field");
        }
        var stored = new String(buf, hashKeyAt + HASH_KEY.length, 64, StandardCharsets.ISO_8859_1);
        if (!isLowerHex(stored)) {
            throw new MalformedRecord("the hash is not 64 lower-case hex digits");
        }
        sha.update(buf, off, hashKeyAt - off);
        sha.update((byte) '}');
        boolean matches = Arrays.equals(sha.digest(), HEX.parseHex(stored));
        var fast = RecordScanner.scan(buf, off, hashKeyAt, stored, matches);
        return fast != null ? fast : structure(buf, off, len, stored, matches);
    }

    static Parsed structure(byte[] buf, int off, int len, String stored, boolean matches) throws MalformedRecord {
        long seq = -1;
        String prev = null;
        String type = null;
        String time = null;
        try (JsonParser p = JSON.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedRecord("not a JSON object");
            }
            for (var key : KEYS) {
                if (p.nextToken() != JsonToken.FIELD_NAME || !key.equals(p.currentName())) {
                    throw new MalformedRecord("expected the key '" + key + "' next");
                }
                var token = p.nextToken();
                switch (key) {
                    case "fields" -> {
                        if (token != JsonToken.START_OBJECT) {
                            throw new MalformedRecord("fields is not an object");
                        }
                        p.skipChildren();
                    }
                    case "seq" -> {
                        if (token != JsonToken.VALUE_NUMBER_INT
                                || p.getNumberType() != JsonParser.NumberType.INT
                                        && p.getNumberType() != JsonParser.NumberType.LONG) {
                            throw new MalformedRecord("seq is not a whole number");
                        }
                        seq = p.getLongValue();
                    }
                    default -> {
                        if (token != JsonToken.VALUE_STRING) {
                            throw new MalformedRecord(key + " is not a string");
                        }
                        switch (key) {
                            case "prev" -> prev = p.getText();
                            case "type" -> type = p.getText();
                            case "time" -> time = p.getText();
                            default -> {}
                        }
                    }
                }
            }
            if (p.nextToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new MalformedRecord("unexpected content after the hash");
            }
        } catch (IOException e) {
            throw new MalformedRecord("not valid JSON");
        }
        if (seq < 1 || !isLowerHex(prev)) {
            throw new MalformedRecord("seq or prev out of range");
        }
        return new Parsed(seq, prev, type, time, stored, matches);
    }

    static boolean isLowerHex(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The event fields of a record line, fully decoded; for checkpoints and readers. */
    static JsonNode tree(byte[] buf, int off, int len) throws MalformedRecord {
        try {
            return MAPPER.readTree(buf, off, len);
        } catch (IOException e) {
            throw new MalformedRecord("not valid JSON");
        }
    }
}
