package dev.gatehouse.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link PolicySet#evaluate}.
 *
 * @param ruleId the rule that decided: a configured rule's id, {@value PolicySet#DEFAULT_DENY} when
 *     allow rules exist and none matched; empty when no rule decided (ALLOW because no allow rule
 *     exists and nothing matched, or DENY because the arguments could not be given to the rules)
 * @param evaluationError present when some rule could not be evaluated (and so was counted as
 *     matching if deny or review, as not matching if allow): names the first such rule and the CEL
 *     error code, never a value from the call
 */
public record PolicyDecision(Effect effect, Optional<String> ruleId, Optional<String> evaluationError) {

    public PolicyDecision {
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(evaluationError, "evaluationError");
    }
}
