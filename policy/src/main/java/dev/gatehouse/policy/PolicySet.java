package dev.gatehouse.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import dev.gatehouse.policy.PolicyCompileException.RuleProblem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The operator's policies, compiled once and evaluated for every call that its scopes already
 * allow.
 *
 * <h2>Variables</h2>
 *
 * <ul>
 *   <li>{@code principal}: {@code id} (string), {@code scopes} (list of string, as the credential
 *       carries them), {@code effective_scopes} (after the scope hierarchy; {@code admin} in it
 *       stands for every scope), {@code attributes} (map of string to string), {@code auth_method}
 *       (string)
 *   <li>{@code tool}: {@code name}, {@code plugin}, {@code effects} ({@code read}, {@code write},
 *       {@code destructive} or {@code external}), {@code scopes} (list of string)
 *   <li>{@code args}: the call's JSON arguments; whole numbers are ints, others doubles, and the two
 *       compare with each other
 *   <li>{@code request}: {@code time} (timestamp), {@code client_address}, {@code surface}
 * </ul>
 *
 * <p>Examples: {@code tool.effects == 'destructive' && !('ops' in principal.scopes)}, {@code
 * request.time.getHours('UTC') < 6}, {@code has(args.amount) && args.amount > 1000}.
 *
 * <h2>Compilation</h2>
 *
 * An expression must parse, type-check to {@code bool} (a {@code dyn} result such as {@code
 * args.force} is refused: write {@code args.force == true}), use only the four variables and only
 * the fields listed above, and be at most {@value PolicyExpressions#MAX_LENGTH} characters long.
 * All comprehensions of one evaluation together may iterate at most {@value
 * PolicyExpressions#MAX_ITERATIONS} times; beyond that the evaluation errors.
 *
 * <h2>Decision</h2>
 *
 * <ol>
 *   <li>Every rule is evaluated.
 *   <li>A rule whose evaluation errors (a missing key, a type mismatch, the iteration limit) fails
 *       closed: a {@code deny} or {@code review} rule counts as matching, an {@code allow} rule as
 *       not matching, and the decision's {@code evaluationError} names the first rule that erred.
 *   <li>A matching {@code deny} rule decides DENY (the first in order names the decision).
 *   <li>Otherwise, when at least one {@code allow} rule exists and none matched: DENY with rule id
 *       {@value #DEFAULT_DENY}. This is a deny, so it wins over review: a reviewer cannot approve
 *       what no allow rule permits.
 *   <li>Otherwise a matching {@code review} rule decides REVIEW.
 *   <li>Otherwise a matching {@code allow} rule decides ALLOW; when no allow rule exists, the
 *       scopes alone decide and the result is ALLOW without a rule id.
 * </ol>
 *
 * Arguments that cannot be given to CEL (nested deeper than {@value PolicyVariables#MAX_DEPTH},
 * more than {@value PolicyVariables#MAX_VALUES} values, a non-JSON kind) decide DENY without a rule
 * id, if any rule reads {@code args}.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class PolicySet {

    /** The rule id of a DENY because allow rules exist and none matched. */
    public static final String DEFAULT_DENY = "default-deny";

    /** At most this many rules: every one is evaluated on every call. */
    public static final int MAX_RULES = 256;

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final String ID_RULE = "an id is 1 to 64 characters: lower case letters, digits, '.', '_' or '-',"
            + " starting with a letter or digit";

    private static final PolicyDecision ALLOW_BY_SCOPES =
            new PolicyDecision(Effect.ALLOW, Optional.empty(), Optional.empty());
    private static final PolicySet EMPTY = new PolicySet(List.of());

    private record CompiledRule(String id, Effect effect, CelRuntime.Program program) {}

    /** A rule's result: a value, or the reason there is none ({@code error} is then non-null). */
    private record Outcome(boolean value, String error) {
        static final Outcome TRUE = new Outcome(true, null);
        static final Outcome FALSE = new Outcome(false, null);
    }

    private final List<CompiledRule> rules;
    private final boolean hasAllow;
    private final boolean readsArgs;

    private PolicySet(List<CompiledRule> rules, boolean readsArgs) {
        this.rules = List.copyOf(rules);
        this.hasAllow = rules.stream().anyMatch(r -> r.effect() == Effect.ALLOW);
        this.readsArgs = readsArgs;
    }

    private PolicySet(List<CompiledRule> rules) {
        this(rules, false);
    }

    /** No policies: the scopes alone decide. */
    public static PolicySet empty() {
        return EMPTY;
    }

    /**
     * Compiles the rules, in order.
     *
     * @throws PolicyCompileException with every problem of every rule
     */
    public static PolicySet compile(List<PolicyRule> rules) {
        var problems = new ArrayList<RuleProblem>();
        if (rules.size() > MAX_RULES) {
            throw new PolicyCompileException(List.of(new RuleProblem(
                    rules.get(MAX_RULES).id(),
                    "there are " + rules.size() + " rules; at most " + MAX_RULES + " are allowed")));
        }
        var ids = new HashSet<String>();
        var compiled = new ArrayList<CompiledRule>();
        boolean readsArgs = false;
        for (var rule : rules) {
            if (!ID.matcher(rule.id()).matches()) {
                problems.add(new RuleProblem(rule.id(), ID_RULE));
            } else if (!ids.add(rule.id())) {
                problems.add(new RuleProblem(rule.id(), "the id is used by an earlier rule"));
            }
            switch (PolicyExpressions.compile(rule.when())) {
                case PolicyExpressions.Valid v -> {
                    compiled.add(new CompiledRule(rule.id(), rule.effect(), v.program()));
                    readsArgs |= v.readsArgs();
                }
                case PolicyExpressions.Invalid i -> problems.add(new RuleProblem(rule.id(), "when " + i.message()));
            }
        }
        if (!problems.isEmpty()) {
            throw new PolicyCompileException(problems);
        }
        return compiled.isEmpty() ? EMPTY : new PolicySet(compiled, readsArgs);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Decides one call; never throws for anything the call carries. */
    public PolicyDecision evaluate(PolicyInput input) {
        if (rules.isEmpty()) {
            return ALLOW_BY_SCOPES;
        }
        CelVariableResolver variables;
        try {
            variables = PolicyVariables.of(input, readsArgs);
        } catch (PolicyVariables.UnreadableArguments e) {
            return new PolicyDecision(
                    Effect.DENY, Optional.empty(), Optional.of("arguments cannot be evaluated: " + e.getMessage()));
        }
        String deny = null;
        String review = null;
        String allow = null;
        String error = null;
        for (var rule : rules) {
            var outcome = run(rule.program(), variables);
            if (outcome.error() != null && error == null) {
                error = "rule '" + rule.id() + "': " + outcome.error();
            }
            boolean matched = outcome.error() == null ? outcome.value() : rule.effect() != Effect.ALLOW;
            if (matched) {
                switch (rule.effect()) {
                    case DENY -> deny = deny == null ? rule.id() : deny;
                    case REVIEW -> review = review == null ? rule.id() : review;
                    case ALLOW -> allow = allow == null ? rule.id() : allow;
                }
            }
        }
        var errorField = Optional.ofNullable(error);
        if (deny != null) {
            return new PolicyDecision(Effect.DENY, Optional.of(deny), errorField);
        }
        if (hasAllow && allow == null) {
            return new PolicyDecision(Effect.DENY, Optional.of(DEFAULT_DENY), errorField);
        }
        if (review != null) {
            return new PolicyDecision(Effect.REVIEW, Optional.of(review), errorField);
        }
        return new PolicyDecision(Effect.ALLOW, Optional.ofNullable(allow), errorField);
    }

    /**
     * Evaluates one rule. Only CEL's error code is kept: CEL's messages can quote argument values
     * (a failed {@code int(args.token)} names the token), and the decision ends up in the audit log.
     */
    private static Outcome run(CelRuntime.Program program, CelVariableResolver variables) {
        try {
            var result = program.eval(variables);
            if (result instanceof Boolean b) {
                return b ? Outcome.TRUE : Outcome.FALSE;
            }
            return new Outcome(false, "the result is not a bool");
        } catch (CelEvaluationException e) {
            return new Outcome(false, "evaluation failed (" + e.getErrorCode() + ")");
        } catch (RuntimeException e) {
            // A defect inside CEL must not let the call through or take the caller down.
            return new Outcome(false, "evaluation failed (" + e.getClass().getSimpleName() + ")");
        }
    }
}
