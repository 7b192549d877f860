package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class PolicySetPropertyTest {

    enum Truth {
        TRUE,
        FALSE,
        ERROR
    }

    /** An expression and what it yields for {@link #INPUT}. */
    record Condition(String when, Truth truth) {}

    record Draft(Effect effect, Condition condition) {}

    static final PolicyInput INPUT = Inputs.call()
            .effects("destructive")
            .scopes("files:write")
            .args(Map.of("path", "/etc/passwd", "amount", 1500))
            .at("2025-03-04T03:00:00Z")
            .build();

    static final List<Condition> CONDITIONS = List.of(
            new Condition("true", Truth.TRUE),
            new Condition("false", Truth.FALSE),
            new Condition("tool.effects == 'destructive' && !('ops' in principal.scopes)", Truth.TRUE),
            new Condition("'ops' in principal.scopes", Truth.FALSE),
            new Condition("request.time.getHours('UTC') < 6", Truth.TRUE),
            new Condition("request.time.getHours('UTC') >= 6", Truth.FALSE),
            new Condition("args.path.startsWith('/etc')", Truth.TRUE),
            new Condition("has(args.amount) && args.amount > 1000", Truth.TRUE),
            new Condition("has(args.missing) && args.missing > 1", Truth.FALSE),
            new Condition("args.missing > 1", Truth.ERROR),
            new Condition("int(args.path) > 0", Truth.ERROR),
            new Condition("principal.attributes['nope'] == 'x'", Truth.ERROR),
            new Condition("args.amount / 0 > 1", Truth.ERROR));

    @Property(tries = 500)
    void aMatchingDenyAlwaysDenies(
            @ForAll("drafts") List<Draft> others,
            @ForAll("matching") Condition denying,
            @ForAll @IntRange(max = 20) int position) {
        var rules = rules(others);
        var at = Math.min(position, rules.size());
        rules.add(at, new PolicyRule("the-deny", Effect.DENY, denying.when()));

        var decision = PolicySet.compile(rules).evaluate(INPUT);

        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        var denyingIds = rules.stream()
                .filter(r -> r.effect() == Effect.DENY)
                .filter(r -> r.id().equals("the-deny")
                        || others.get(Integer.parseInt(r.id().substring(1)))
                                        .condition()
                                        .truth()
                                != Truth.FALSE)
                .map(PolicyRule::id)
                .toList();
        assertThat(decision.ruleId()).hasValueSatisfying(id -> assertThat(id).isIn(denyingIds));
    }

    @Property(tries = 500)
    void theDecisionFollowsTheDocumentedOrder(@ForAll("drafts") List<Draft> drafts) {
        var decision = PolicySet.compile(rules(drafts)).evaluate(INPUT);
        var expected = expected(drafts);

        assertThat(decision.effect()).isEqualTo(expected.effect());
        assertThat(decision.ruleId()).isEqualTo(expected.ruleId());
        assertThat(decision.evaluationError().isPresent())
                .isEqualTo(expected.evaluationError().isPresent());
        expected.evaluationError()
                .ifPresent(prefix -> assertThat(decision.evaluationError().orElseThrow())
                        .startsWith(prefix + ": evaluation failed ("));
    }

    /** The rules of {@link PolicySet}'s Javadoc, written out plainly. */
    static PolicyDecision expected(List<Draft> drafts) {
        Optional<String> deny = Optional.empty();
        Optional<String> review = Optional.empty();
        Optional<String> allow = Optional.empty();
        Optional<String> error = Optional.empty();
        boolean anyAllow = false;
        for (int i = 0; i < drafts.size(); i++) {
            var d = drafts.get(i);
            var id = "r" + i;
            anyAllow |= d.effect() == Effect.ALLOW;
            var truth = d.condition().truth();
            if (truth == Truth.ERROR && error.isEmpty()) {
                error = Optional.of(id);
            }
            boolean matched = truth == Truth.TRUE || (truth == Truth.ERROR && d.effect() != Effect.ALLOW);
            if (matched) {
                switch (d.effect()) {
                    case DENY -> deny = deny.or(() -> Optional.of(id));
                    case REVIEW -> review = review.or(() -> Optional.of(id));
                    case ALLOW -> allow = allow.or(() -> Optional.of(id));
                }
            }
        }
        var errorText = error.map(id -> "rule '" + id + "'");
        PolicyDecision result;
        if (deny.isPresent()) {
            result = new PolicyDecision(Effect.DENY, deny, errorText);
        } else if (anyAllow && allow.isEmpty()) {
            result = new PolicyDecision(Effect.DENY, Optional.of(PolicySet.DEFAULT_DENY), errorText);
        } else if (review.isPresent()) {
            result = new PolicyDecision(Effect.REVIEW, review, errorText);
        } else {
            result = new PolicyDecision(Effect.ALLOW, allow, errorText);
        }
        return result;
    }

    static List<PolicyRule> rules(List<Draft> drafts) {
        var rules = new ArrayList<PolicyRule>();
        for (int i = 0; i < drafts.size(); i++) {
            rules.add(new PolicyRule(
                    "r" + i, drafts.get(i).effect(), drafts.get(i).condition().when()));
        }
        return rules;
    }

    @Provide
    Arbitrary<List<Draft>> drafts() {
        return Combinators.combine(Arbitraries.of(Effect.class), Arbitraries.of(CONDITIONS))
                .as(Draft::new)
                .list()
                .ofMaxSize(12);
    }

    @Provide
    Arbitrary<Condition> matching() {
        return Arbitraries.of(
                CONDITIONS.stream().filter(c -> c.truth() != Truth.FALSE).toList());
    }
}
