package dev.gatehouse.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One located value in a {@link ConfigTree}. The {@code as...} methods report a problem at this
 * value's position and return empty when it is not of the wanted kind, so callers keep walking
 * and every problem is found in one pass.
 */
public final class ConfigNode {

    private static final BigInteger MIN_INT = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger MAX_INT = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final int MAX_QUOTED = 64;

    private final Node node;
    private final Problems problems;

    ConfigNode(Node node, Problems problems) {
        this.node = node;
        this.problems = problems;
    }

    /** 1-based line where this value starts. */
    public int line() {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    /** 1-based column where this value starts. */
    public int column() {
        return node.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
    }

    /** Reports a problem at this value's position. */
    public void problem(String message) {
        problems.at(node.getStartMark(), message);
    }

    /**
     * {@code value} (read from this node) when {@code ok} holds for it; otherwise {@code problem} is
     * reported at this node and the result is empty. For range and shape checks after an {@code
     * as...} read, such as {@code n.checked(n.asInt(), v -> v >= 1, "must be at least 1")}.
     */
    public <T> Optional<T> checked(Optional<T> value, Predicate<? super T> ok, String problem) {
        return value.filter(v -> {
            boolean fine = ok.test(v);
            if (!fine) {
                problem(problem);
            }
            return fine;
        });
    }

    /**
     * Quotes a value taken from a file for use in a message: shortened and with control characters
     * escaped, so a hostile file cannot forge lines in a terminal or log. Only use it for values
     * that are never secret (names, scopes, hosts).
     */
    public static String quote(String value) {
        var sb = new StringBuilder("'");
        value.codePoints().limit(MAX_QUOTED).forEach(c -> {
            if (Character.isISOControl(c) || c == '\'' || c == 0x2028 || c == 0x2029) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        if (value.codePointCount(0, value.length()) > MAX_QUOTED) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }

    public Optional<String> asString() {
        if (node instanceof ScalarNode s && Tag.STR.equals(s.getTag())) {
            return Optional.of(s.getValue());
        }
        return wrongKind("a string" + (node instanceof ScalarNode ? " (quote it)" : ""));
    }

    /**
     * One of {@code type}'s constants, written in the file as its name in lower case; any other
     * string is reported here as {@code <key> must be a, b or c, found '<value>'}.
     */
    public <E extends Enum<E>> Optional<E> asWord(String key, Class<E> type) {
        return asString().flatMap(value -> {
            var words = new ArrayList<String>();
            for (var constant : type.getEnumConstants()) {
                var word = constant.name().toLowerCase(Locale.ROOT);
                if (word.equals(value)) {
                    return Optional.of(constant);
                }
                words.add(word);
            }
            var choices = String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.getLast();
            problem(key + " must be " + choices + ", found " + quote(value));
            return Optional.empty();
        });
    }

    public Optional<Integer> asInt() {
        if (node instanceof ScalarNode s && Tag.INT.equals(s.getTag())) {
            try {
                if (s.getValue().length() > 20) {
                    throw new NumberFormatException("too long");
                }
                var value = new BigInteger(s.getValue());
                if (value.compareTo(MIN_INT) >= 0 && value.compareTo(MAX_INT) <= 0) {
                    return Optional.of(value.intValue());
                }
            } catch (NumberFormatException e) {
                // A custom-tagged scalar can claim !!int without being one; reported below.
            }
            problem("expected a whole number between " + MIN_INT + " and " + MAX_INT);
            return Optional.empty();
        }
        return wrongKind("a whole number");
    }

    public Optional<Double> asNumber() {
        if (node instanceof ScalarNode s && (Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag()))) {
            try {
                double value = Double.parseDouble(s.getValue());
                if (Double.isFinite(value)) {
                    return Optional.of(value);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problem("expected a finite number");
            return Optional.empty();
        }
        return wrongKind("a number");
    }

    public Optional<Boolean> asBool() {
        if (node instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
            return Optional.of(Boolean.parseBoolean(s.getValue()));
        }
        return wrongKind("true or false");
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m} or {@code 1h}; see {@link Durations}. */
    public Optional<Duration> asDuration() {
        if (!(node instanceof ScalarNode s && Tag.STR.equals(s.getTag()))) {
            return wrongKind("a duration such as 500ms, 30s, 5m or 1h");
        }
        var parsed = Durations.parse(s.getValue());
        if (parsed.isEmpty()) {
            problem("expected a positive duration such as 500ms, 30s, 5m or 1h, found " + quote(s.getValue()));
        }
        return parsed;
    }

    public Optional<ConfigMap> asMap() {
        if (node instanceof MappingNode m) {
            return Optional.of(new ConfigMap(this, m, problems));
        }
        return wrongKind("a mapping");
    }

    public Optional<ConfigList> asList() {
        if (node instanceof SequenceNode s) {
            return Optional.of(new ConfigList(this, s, problems));
        }
        return wrongKind("a list");
    }

    /**
     * This value as canonical JSON: object keys sorted at every level, no insignificant white space.
     * Equal values give equal text, which is what fingerprints and comparisons need.
     */
    public Optional<String> asCanonicalJson() {
        return CanonicalJson.of(node, problems);
    }

    /** What this value is, in words for a message. */
    String kind() {
        return switch (node) {
            case MappingNode m -> "a mapping";
            case SequenceNode s -> "a list";
            case ScalarNode s when Tag.NULL.equals(s.getTag()) -> "nothing (null)";
            case ScalarNode s when Tag.BOOL.equals(s.getTag()) -> "a boolean";
            case ScalarNode s when Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag()) -> "a number";
            case ScalarNode s when Tag.STR.equals(s.getTag()) -> "a string";
            default -> "a value tagged " + quote(node.getTag().getValue());
        };
    }

    private <T> Optional<T> wrongKind(String expected) {
        problem("expected " + expected + ", found " + kind());
        return Optional.empty();
    }
}
