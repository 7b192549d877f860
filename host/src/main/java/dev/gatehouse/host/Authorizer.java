package dev.gatehouse.host;

import dev.gatehouse.api.ErrorCode;
import dev.gatehouse.api.auth.Principal;
import dev.gatehouse.api.gateway.RequestContext;
import dev.gatehouse.policy.PolicyDecision;
import dev.gatehouse.policy.PolicyInput;
import dev.gatehouse.policy.PolicySet;
import dev.gatehouse.policy.ScopeGraph;
import java.util.Map;

/** Stages 3 and 5: scopes through the hierarchy, then the operator's policies. Deny wins. */
final class Authorizer {

    private static final PolicyDecision ALLOWED_BY_SCOPES = new PolicyDecision(
            dev.gatehouse.policy.Effect.ALLOW, java.util.Optional.empty(), java.util.Optional.empty());

    private final ScopeGraph scopes;
    private final PolicySet policies;

    Authorizer(ScopeGraph scopes, PolicySet policies) {
        this.scopes = scopes;
        this.policies = policies;
    }

    /** Whether a tool belongs in this principal's tool list: its scopes, not yet its arguments. */
    boolean mayList(Principal principal, RegisteredTool tool) {
        return scopes.grants(principal.scopes(), tool.requiredScopes());
    }

    /**
     * Stage 3, before the arguments are looked at: a tool the caller may not call answers exactly
     * like one that does not exist, so its existence and its schema cannot be probed.
     *
     * @throws CallFailure NOT_FOUND, with the missing scopes in the audit detail only
     */
    void requireScopes(Principal principal, RegisteredTool tool) {
        if (!mayList(principal, tool)) {
            throw new CallFailure(ErrorCode.NOT_FOUND, "missing a required scope of " + tool.requiredScopes());
        }
    }

    /**
     * What stage 5 decided for a call that may go on.
     *
     * @param rule what allowed the call, for the audit record ({@code scopes} or a policy id)
     * @param review why a human must approve it first (a policy said {@code review}), for stage 7
     */
    record Verdict(String rule, java.util.Optional<String> review) {}

    /**
     * Stage 5, for a caller who holds the tool's scopes and whose arguments are valid.
     *
     * @throws CallFailure PERMISSION_DENIED, with the rule in the detail
     */
    Verdict authorize(Principal principal, RegisteredTool tool, Map<String, Object> args, RequestContext context) {
        requireScopes(principal, tool);
        PolicyDecision decision = policies.isEmpty()
                ? ALLOWED_BY_SCOPES
                : policies.evaluate(PolicyInput.of(
                        principal, scopes.expand(principal.scopes()), tool.plugin(), tool.definition(), args, context));
        var rule = decision.ruleId().orElse("scopes");
        var error = decision.evaluationError()
                .map(e -> " (evaluation failed: " + e + ")")
                .orElse("");
        return switch (decision.effect()) {
            case ALLOW -> new Verdict(rule, java.util.Optional.empty());
            case DENY -> throw new CallFailure(ErrorCode.PERMISSION_DENIED, "denied by policy " + rule + error);
            // Decided in stage 7, after the pre-call hooks.
            case REVIEW -> new Verdict(rule, java.util.Optional.of("policy " + rule + " requires review" + error));
        };
    }
}
