package dev.gatehouse.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Canonical JSON text: object keys sorted at every level, no insignificant white space. Equal
 * values always give equal text, so the text can be hashed and compared.
 */
public final class CanonicalJson {

    private static final JsonMapper MAPPER =
            JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Longer integers are refused: parsing them costs quadratic time and no schema needs them. */
    private static final int MAX_DIGITS = 100;

    private CanonicalJson() {}

    /**
     * Re-writes JSON text canonically.
     *
     * @throws IllegalArgumentException when the text is not JSON
     */
    public static String canonicalize(String json) {
        try {
            return MAPPER.writeValueAsString(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }

    /** Canonical JSON for an already parsed tree. */
    public static String write(JsonNode tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /**
     * The SHA-256 (lower-case hex) of canonical JSON text's UTF-8 bytes: the digest by which
     * fingerprints and configuration sections are compared.
     */
    public static String sha256Hex(String canonical) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static Optional<String> of(Node node, Problems problems) {
        // Recursion is safe: the reader has bounded nesting and refused self-referencing anchors.
        return toJson(node, problems).map(CanonicalJson::write);
    }

    private static Optional<JsonNode> toJson(Node node, Problems problems) {
        switch (node) {
            case MappingNode map -> {
                var object = NODES.objectNode();
                boolean ok = true;
                for (var tuple : map.getValue()) {
                    if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                        ok = reject(tuple.getKeyNode(), "a JSON key must be a string", problems);
                        continue;
                    }
                    var value = toJson(tuple.getValueNode(), problems);
                    value.ifPresent(v -> object.putIfAbsent(key.getValue(), v));
                    ok &= value.isPresent();
                }
                return ok ? Optional.of(object) : Optional.empty();
            }
            case SequenceNode seq -> {
                var array = NODES.arrayNode();
                boolean ok = true;
                for (var item : seq.getValue()) {
                    var value = toJson(item, problems);
                    value.ifPresent(array::add);
                    ok &= value.isPresent();
                }
                return ok ? Optional.of(array) : Optional.empty();
            }
            case ScalarNode s -> {
                return scalar(s, problems);
            }
            default -> {
                reject(node, "not representable in JSON", problems);
                return Optional.empty();
            }
        }
    }

    private static Optional<JsonNode> scalar(ScalarNode s, Problems problems) {
        var tag = s.getTag();
        try {
            if (Tag.STR.equals(tag)) {
                return Optional.of(NODES.textNode(s.getValue()));
            } else if (Tag.INT.equals(tag) && s.getValue().length() <= MAX_DIGITS) {
                return Optional.of(NODES.numberNode(new BigInteger(s.getValue())));
            } else if (Tag.FLOAT.equals(tag)) {
                double d = Double.parseDouble(s.getValue());
                if (Double.isFinite(d)) {
                    return Optional.of(NODES.numberNode(d));
                }
            } else if (Tag.BOOL.equals(tag)) {
                return Optional.of(NODES.booleanNode(Boolean.parseBoolean(s.getValue())));
            } else if (Tag.NULL.equals(tag)) {
                return Optional.of(NODES.nullNode());
            }
        } catch (NumberFormatException e) {
            // An explicit tag on a non-number; reported below.
        }
        reject(s, "not representable in JSON", problems);
        return Optional.empty();
    }

    private static boolean reject(Node node, String message, Problems problems) {
        problems.at(node.getStartMark(), message);
        return false;
    }
}
