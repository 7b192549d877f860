package dev.gatehouse.api.gateway;

/**
 * One way a call's arguments break the tool's schema, as a caller who may call the tool may learn
 * it: which argument, and which kind of rule. Typed so that no surface ever forwards free text
 * from the host: the argument's name is the caller's own key, bounded and cleaned here.
 *
 * @param argument where, such as {@code path} or {@code items[2].name}; {@code (arguments)} for the whole
 * @param rule which kind of rule it breaks
 */
public record ArgumentProblem(String argument, Rule rule) {

    /** How an argument is wrong. */
    public enum Rule {
        REQUIRED("is required"),
        NOT_ACCEPTED("is not one this tool takes"),
        WRONG_TYPE("has the wrong type"),
        OUT_OF_BOUNDS("is too long, too short, too large or too small"),
        NOT_ALLOWED("is not one of the allowed values or forms"),
        INVALID("breaks the tool's schema");

        private final String words;

        Rule(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    private static final int MAX_NAME = 64;

    public ArgumentProblem {
        var cleaned = new StringBuilder();
        argument.codePoints()
                .limit(MAX_NAME)
                .forEach(c -> cleaned.appendCodePoint(
                        Character.isISOControl(c) || Character.isSurrogate((char) c) ? '?' : c));
        argument = argument.codePointCount(0, argument.length()) > MAX_NAME ? cleaned + "..." : cleaned.toString();
        java.util.Objects.requireNonNull(rule, "rule");
    }

    /** {@code argument 'path' is required}. */
    public String describe() {
        return "argument '" + argument + "' " + rule.words();
    }
}
