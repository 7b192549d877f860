package dev.gatehouse.policy;

import static dev.gatehouse.policy.Inputs.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.OperatorConfig;
import dev.gatehouse.config.OperatorConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyConfigTest {

    static OperatorConfig parse(String yaml) {
        return new OperatorConfigLoader(Path.of("."), List.of(PolicyConfig.SECTION, ScopeConfig.SECTION))
                .parse("gatehouse.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rulesAreReadInOrderAndDecideCalls() {
        var config = parse("""
                policies:
                  - id: destructive-needs-ops
                    effect: deny
                    when: "tool.effects == 'destructive' && !('ops' in principal.scopes)"
                  - id: big-payments
                    effect: review
                    when: has(args.amount) && args.amount > 1000
                """).section(PolicyConfig.SECTION);

        assertThat(config.rules())
                .extracting(PolicyRule::id, PolicyRule::effect)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("destructive-needs-ops", Effect.DENY),
                        org.assertj.core.groups.Tuple.tuple("big-payments", Effect.REVIEW));
        var set = config.compile();
        assertThat(set.evaluate(call().effects("destructive").build()).ruleId()).contains("destructive-needs-ops");
        assertThat(set.evaluate(call().args(Map.of("amount", 5000)).build()).effect())
                .isEqualTo(Effect.REVIEW);
        assertThat(set.evaluate(call().build()).effect()).isEqualTo(Effect.ALLOW);
    }

    @Test
    void anAbsentSectionHasNoRules() {
        assertThat(parse("plugins: {}\n").section(PolicyConfig.SECTION).rules()).isEmpty();
        assertThat(OperatorConfig.defaults()
                        .section(PolicyConfig.SECTION)
                        .compile()
                        .isEmpty())
                .isTrue();
    }

    @Test
    void anExpressionThatDoesNotCompileIsAProblemAtItsWhenNamingThePolicy() {
        assertThatThrownBy(() -> parse("""
                        policies:
                          - id: broken
                            effect: deny
                            when: "args.path +"
                        """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.line()).isEqualTo(4);
                    assertThat(p.column()).isEqualTo(11);
                    assertThat(p.message()).contains("policy 'broken'").contains("does not compile");
                }));
    }

    @Test
    void policyProblemsAreReportedWithTheFilesOtherProblems() {
        assertThatThrownBy(() -> parse("""
                        scopes:
                          hierarchy:
                            "files:*": []
                        policies:
                          - id: not-bool
                            effect: deny
                            when: "'deny'"
                          - id: not-bool
                            effect: block
                            when: "true"
                          - id: Upper
                            effect: allow
                            when: "true"
                            because: reasons
                          - id: unknown-var
                            effect: review
                            when: "user.name == 'x'"
                          - effect: deny
                        """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                .hasSize(9)
                .anySatisfy(p -> assertThat(p.message()).contains("'files:*' is not a scope"))
                .anySatisfy(p -> {
                    assertThat(p.line()).isEqualTo(7);
                    assertThat(p.message()).contains("policy 'not-bool'").contains("bool");
                })
                .anySatisfy(p -> {
                    assertThat(p.line()).isEqualTo(8);
                    assertThat(p.message()).contains("used by an earlier policy");
                })
                .anySatisfy(p -> assertThat(p.message()).contains("allow, deny or review"))
                .anySatisfy(p -> assertThat(p.message()).contains("'Upper' is not valid"))
                .anySatisfy(p -> assertThat(p.message()).contains("unknown key 'because'"))
                .anySatisfy(p -> {
                    assertThat(p.line()).isEqualTo(17);
                    assertThat(p.message()).contains("policy 'unknown-var'").contains("'user'");
                })
                .anySatisfy(p -> assertThat(p.message()).contains("missing required key 'id'"))
                .anySatisfy(p -> assertThat(p.message()).contains("missing required key 'when'")));
    }

    @Test
    void aHugeExpressionIsRefusedSayingTheLimit() {
        var huge = "true || ".repeat(600) + "true";

        assertThatThrownBy(() -> parse("policies:\n  - {id: huge, effect: deny, when: \"" + huge + "\"}\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .singleElement()
                        .satisfies(p -> assertThat(p.message()).contains("at most 4096 are allowed")));
    }

    @Test
    void tooManyPoliciesAreRefused() {
        var yaml = new StringBuilder("policies:\n");
        for (int i = 0; i <= PolicySet.MAX_RULES; i++) {
            yaml.append("  - {id: r").append(i).append(", effect: deny, when: 'false'}\n");
        }

        assertThatThrownBy(() -> parse(yaml.toString()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .singleElement()
                        .satisfies(p -> assertThat(p.message()).contains("at most 256")));
    }

    @Test
    void theSectionMustBeAList() {
        assertThatThrownBy(() -> parse("policies: {id: x}\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .singleElement()
                        .satisfies(p -> assertThat(p.message()).contains("expected a list")));
    }
}
