package dev.gatehouse.policy;

import java.util.List;

/**
 * Policy rules that cannot be compiled: a bad or duplicated id, an expression that does not parse,
 * does not type-check to bool, names an unknown variable or field, or is too long. Carries every
 * problem, not only the first.
 */
public final class PolicyCompileException extends PolicyException {

    /** One rule's problem; {@code message} is safe to show the operator. */
    public record RuleProblem(String ruleId, String message) {}

    private final List<RuleProblem> problems;

    PolicyCompileException(List<RuleProblem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }

    private static String summary(List<RuleProblem> problems) {
        var first = problems.getFirst();
        var text = "policy " + dev.gatehouse.config.ConfigNode.quote(first.ruleId()) + ": " + first.message();
        return problems.size() == 1 ? text : text + " (and " + (problems.size() - 1) + " more)";
    }
}
