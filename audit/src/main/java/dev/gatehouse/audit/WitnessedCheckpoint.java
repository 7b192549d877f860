package dev.gatehouse.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A signed checkpoint as it is handed to witnesses outside the home: which record it covers (its
 * sequence number and hash), when, and the signature over exactly that. One JSON line each, so an
 * append-only file, a log shipper or an HTTP endpoint can keep it. Against these, {@code gatehouse
 * audit verify} detects a log cut back, rolled back, wiped or re-signed after they were written.
 *
 * @param sequence the sequence number of the last record the checkpoint covers
 * @param head that record's hash, 64 lower-case hex digits
 * @param time when the checkpoint was signed, ISO-8601
 * @param keyId the signing key's id (first 16 hex digits of SHA-256 over its encoding)
 * @param signature the Ed25519 signature, base64
 */
public record WitnessedCheckpoint(long sequence, String head, String time, String keyId, String signature) {

    /** A witness line is small; anything longer is not one. */
    static final int MAX_LINE = 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=]{1,200}");
    private static final Pattern TIME = Pattern.compile("[0-9T:.Z+-]{10,40}");

    /** The line a witness stores, without its newline. */
    public String line() {
        var map = new LinkedHashMap<String, Object>();
        map.put("type", Checkpoints.TYPE);
        map.put("checkpoint_of", sequence);
        map.put("head", head);
        map.put("time", time);
        map.put("key_id", keyId);
        map.put("signature", signature);
        try {
            return JSON.writeValueAsString(map);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a witness line", e);
        }
    }

    /** Reads one witness line; empty for a line that is not one (blank, foreign, cut or garbled). */
    public static Optional<WitnessedCheckpoint> parse(String line) {
        if (line.isBlank() || line.length() > MAX_LINE) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (node == null
                || !node.isObject()
                || !Checkpoints.TYPE.equals(node.path("type").asText())
                || !node.path("checkpoint_of").canConvertToExactIntegral()) {
            return Optional.empty();
        }
        long sequence = node.path("checkpoint_of").asLong();
        var head = node.path("head").asText();
        var time = node.path("time").asText();
        var keyId = node.path("key_id").asText();
        var signature = node.path("signature").asText();
        if (sequence < 1
                || !HEX64.matcher(head).matches()
                || !TIME.matcher(time).matches()
                || !KEY_ID.matcher(keyId).matches()
                || !BASE64.matcher(signature).matches()) {
            return Optional.empty();
        }
        return Optional.of(new WitnessedCheckpoint(sequence, head, time, keyId, signature));
    }
}
