package dev.gatehouse.policy;

import static dev.gatehouse.policy.Inputs.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicySetTest {

    static PolicySet rules(PolicyRule... rules) {
        return PolicySet.compile(Arrays.asList(rules));
    }

    static PolicyRule deny(String id, String when) {
        return new PolicyRule(id, Effect.DENY, when);
    }

    static PolicyRule review(String id, String when) {
        return new PolicyRule(id, Effect.REVIEW, when);
    }

    static PolicyRule allow(String id, String when) {
        return new PolicyRule(id, Effect.ALLOW, when);
    }

    static boolean matches(String when, PolicyInput input) {
        return rules(deny("r", when)).evaluate(input).effect() == Effect.DENY;
    }

    @Test
    void destructiveToolsNeedOps() {
        var when = "tool.effects == 'destructive' && !('ops' in principal.scopes)";

        assertThat(matches(
                        when,
                        call().effects("destructive").scopes("files:write").build()))
                .isTrue();
        assertThat(matches(
                        when,
                        call().effects("destructive")
                                .scopes("files:write", "ops")
                                .build()))
                .isFalse();
        assertThat(matches(when, call().effects("read").build())).isFalse();
    }

    @Test
    void theRequestTimeIsATimestamp() {
        var when = "request.time.getHours('UTC') < 6";

        assertThat(matches(when, call().at("2025-03-04T03:15:00Z").build())).isTrue();
        assertThat(matches(when, call().at("2025-03-04T12:00:00Z").build())).isFalse();
        assertThat(matches("request.time > timestamp('2025-01-01T00:00:00Z')", call().build()))
                .isTrue();
    }

    @Test
    void argumentsAreReadAsJson() {
        assertThat(matches(
                        "args.path.startsWith('/etc')",
                        call().args(Map.of("path", "/etc/shadow")).build()))
                .isTrue();
        assertThat(matches(
                        "args.path.startsWith('/etc')",
                        call().args(Map.of("path", "/srv/x")).build()))
                .isFalse();
    }

    @Test
    void numbersCompareWhateverJavaTypeTheParserChose() {
        var when = "has(args.amount) && args.amount > 1000";

        for (Object amount : List.of(1500, 1500L, 1000.5, 1000.5f, new BigDecimal("1500"), new BigDecimal("1000.01"))) {
            assertThat(matches(when, call().args(Map.of("amount", amount)).build()))
                    .as("amount %s (%s)", amount, amount.getClass().getSimpleName())
                    .isTrue();
        }
        assertThat(matches(when, call().args(Map.of("amount", 999)).build())).isFalse();
        assertThat(matches(when, call().args(Map.of()).build())).isFalse();
    }

    @Test
    void nestedArgumentsAndJsonNullAreReadable() {
        var args = new HashMap<String, Object>();
        args.put("note", null);
        args.put("recipients", List.of(Map.of("address", "cfo@example.com"), Map.of("address", "x@example.org")));

        var input = call().args(args).build();

        assertThat(matches("args.note == null", input)).isTrue();
        assertThat(matches("args.recipients.exists(r, r.address.endsWith('@example.org'))", input))
                .isTrue();
        assertThat(matches("size(args.recipients) > 2", input)).isFalse();
    }

    @Test
    void attributesAndEffectiveScopesAreAvailable() {
        var input = call().attributes(Map.of("team", "finance"))
                .scopes("staff:all")
                .effective("staff:all", "crm:read")
                .build();

        assertThat(matches("principal.attributes['team'] == 'finance'", input)).isTrue();
        assertThat(matches("'crm:read' in principal.effective_scopes", input)).isTrue();
        assertThat(matches("'crm:read' in principal.scopes", input)).isFalse();
        assertThat(matches(
                        "principal.auth_method == 'api_key' && request.surface == 'mcp-http'"
                                + " && request.client_address == '127.0.0.1' && tool.plugin == 'files'"
                                + " && tool.name == 'files_delete' && 'files:write' in tool.scopes",
                        input))
                .isTrue();
    }

    @Test
    void denyWinsOverReviewAndAllow() {
        var set = rules(allow("everyone", "true"), review("second-look", "true"), deny("never", "true"));

        assertThat(set.evaluate(call().build()))
                .isEqualTo(new PolicyDecision(Effect.DENY, Optional.of("never"), Optional.empty()));
    }

    @Test
    void reviewWinsOverAllow() {
        var set = rules(allow("everyone", "true"), review("second-look", "true"), deny("never", "false"));

        assertThat(set.evaluate(call().build()))
                .isEqualTo(new PolicyDecision(Effect.REVIEW, Optional.of("second-look"), Optional.empty()));
    }

    @Test
    void theFirstMatchingRuleOfTheWinningEffectNamesTheDecision() {
        var set = rules(deny("a", "false"), deny("b", "true"), deny("c", "true"));

        assertThat(set.evaluate(call().build()).ruleId()).contains("b");
    }

    @Test
    void whenAllowRulesExistACallMustMatchOne() {
        var set = rules(allow("platform-team", "principal.attributes['team'] == 'platform'"));

        assertThat(set.evaluate(call().build()))
                .isEqualTo(new PolicyDecision(Effect.ALLOW, Optional.of("platform-team"), Optional.empty()));
        assertThat(set.evaluate(call().attributes(Map.of("team", "sales")).build()))
                .isEqualTo(new PolicyDecision(Effect.DENY, Optional.of(PolicySet.DEFAULT_DENY), Optional.empty()));
    }

    @Test
    void theDefaultDenyWinsOverReview() {
        var set = rules(allow("never", "false"), review("always", "true"));

        assertThat(set.evaluate(call().build()).ruleId()).contains(PolicySet.DEFAULT_DENY);
    }

    @Test
    void withoutAllowRulesScopesAloneDecide() {
        assertThat(rules(deny("night", "request.time.getHours('UTC') < 6")).evaluate(call().build()))
                .isEqualTo(new PolicyDecision(Effect.ALLOW, Optional.empty(), Optional.empty()));
        assertThat(PolicySet.empty().evaluate(call().build()))
                .isEqualTo(new PolicyDecision(Effect.ALLOW, Optional.empty(), Optional.empty()));
        assertThat(PolicySet.compile(List.of()).isEmpty()).isTrue();
    }

    @Test
    void aDenyRuleThatErrorsCountsAsMatching() {
        var decision = rules(deny("big-amounts", "args.amount > 1000")).evaluate(call().build());

        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.ruleId()).contains("big-amounts");
        assertThat(decision.evaluationError())
                .hasValueSatisfying(e -> assertThat(e).contains("big-amounts").contains("ATTRIBUTE_NOT_FOUND"));
    }

    @Test
    void aReviewRuleThatErrorsCountsAsMatching() {
        var decision = rules(review("odd-input", "args.count + 1 > 2"))
                .evaluate(call().args(Map.of("count", "three")).build());

        assertThat(decision.effect()).isEqualTo(Effect.REVIEW);
        assertThat(decision.evaluationError()).isPresent();
    }

    @Test
    void anAllowRuleThatErrorsDoesNotMatch() {
        var decision = rules(allow("small-amounts", "args.amount < 100")).evaluate(call().build());

        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.ruleId()).contains(PolicySet.DEFAULT_DENY);
        assertThat(decision.evaluationError())
                .hasValueSatisfying(e -> assertThat(e).contains("small-amounts"));
    }

    @Test
    void anEvaluationErrorNeverQuotesTheArguments() {
        var secret = "sk_live_51HsecretTokenValue";
        var decision = rules(deny("token-shape", "int(args.token) > 0"))
                .evaluate(call().args(Map.of("token", secret)).build());

        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.evaluationError()).isPresent();
        assertThat(decision.toString()).doesNotContain(secret);
    }

    @Test
    void argumentValuesNeverAppearInTheInputsToString() {
        var input = call().args(Map.of("password", "hunter2-correct-horse")).build();

        assertThat(input.toString()).contains("password").doesNotContain("hunter2");
    }

    @Test
    void comprehensionsAreBoundedAndFailClosed() {
        var big = new ArrayList<Object>();
        for (long i = 0; i < 200; i++) {
            big.add(i);
        }
        var input = call().args(Map.of("items", big)).build();

        var decision = rules(deny("pairs", "args.items.all(x, args.items.all(y, x + y >= 0))"))
                .evaluate(input);

        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.evaluationError())
                .hasValueSatisfying(e -> assertThat(e).contains("ITERATION_BUDGET_EXCEEDED"));
    }

    @Test
    void argumentsTooDeepToReadAreDenied() {
        Map<String, Object> deep = Map.of("leaf", "x");
        for (int i = 0; i < 100; i++) {
            deep = Map.of("next", deep);
        }
        var decision =
                rules(allow("all", "has(args.next)")).evaluate(call().args(deep).build());

        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.evaluationError())
                .hasValueSatisfying(e -> assertThat(e).contains("deeper"));
    }

    @Test
    void argumentsOfANonJsonKindAreDenied() {
        var decision = rules(allow("all", "size(args) > 0"))
                .evaluate(call().args(Map.of("thing", new Object())).build());

        assertThat(decision.effect()).isEqualTo(Effect.DENY);
    }

    @Test
    void rulesThatDoNotReadArgumentsIgnoreUnreadableOnes() {
        var decision = rules(allow("all", "true"))
                .evaluate(call().args(Map.of("thing", new Object())).build());

        assertThat(decision.effect()).isEqualTo(Effect.ALLOW);
    }

    @Test
    void malformedExpressionsAreRefused() {
        assertRefused("args.path +", "does not compile");
        assertRefused("tool.effects == 'destructive' &&", "does not compile");
        assertRefused("  ", "empty");
    }

    @Test
    void expressionsThatAreNotBoolAreRefused() {
        assertRefused("'deny'", "bool");
        assertRefused("1 + 2", "bool");
        assertRefused("principal.id", "bool");
        assertRefused("args.force", "bool");
    }

    @Test
    void unknownVariablesAndFieldsAreRefused() {
        assertRefused("user.id == 'alice'", "undeclared reference to 'user'");
        assertRefused("tool.effect == 'destructive'", "tool has no field 'effect'");
        assertRefused("principal['roles'] == 'x'", "principal has no field 'roles'");
        assertRefused("has(request.ip)", "request has no field 'ip'");
    }

    @Test
    void hugeExpressionsAreRefusedBeforeParsing() {
        var huge = "args.a == 1 || ".repeat(300) + "true";

        assertThat(huge.length()).isGreaterThan(PolicyExpressions.MAX_LENGTH);
        assertRefused(huge, "at most 4096");
    }

    @Test
    void deeplyNestedExpressionsWithinTheLengthAreRefusedNotCrashing() {
        var nested = "(".repeat(2000) + "true" + ")".repeat(2000);

        assertThatThrownBy(() -> rules(deny("nested", nested))).isInstanceOf(PolicyCompileException.class);
    }

    @Test
    void everyProblemOfEveryRuleIsReported() {
        assertThatThrownBy(() -> PolicySet.compile(
                        List.of(deny("Bad Id", "true"), deny("dup", "true"), deny("dup", "1"), allow("ok", "true"))))
                .isInstanceOfSatisfying(PolicyCompileException.class, e -> assertThat(e.problems())
                        .extracting(PolicyCompileException.RuleProblem::ruleId)
                        .containsExactly("Bad Id", "dup", "dup"));
    }

    static void assertRefused(String when, String messagePart) {
        assertThatThrownBy(() -> rules(deny("rule-1", when)))
                .isInstanceOfSatisfying(PolicyCompileException.class, e -> {
                    assertThat(e.problems()).singleElement().satisfies(p -> {
                        assertThat(p.ruleId()).isEqualTo("rule-1");
                        assertThat(p.message()).contains(messagePart).doesNotContain("\n");
                    });
                });
    }
}
