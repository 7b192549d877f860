package dev.gatehouse.policy;

import dev.gatehouse.config.ConfigSection;
import java.util.List;

/**
 * The operator's {@code policies:} section of gatehouse.yaml, a list of rules in order:
 *
 * <pre>{@code
 * policies:
 *   - id: destructive-needs-ops
 *     effect: deny
 *     when: "tool.effects == 'destructive' && !('ops' in principal.scopes)"
 *   - id: big-payments-reviewed
 *     effect: review
 *     when: "has(args.amount) && args.amount > 1000"
 * }</pre>
 *
 * <p>Every expression is compiled when the file is read, so a rule that does not compile is a
 * configuration problem located at its {@code when}, reported with the file's other problems. See
 * {@link PolicySet} for the variables and the decision.
 */
public record PolicyConfig(List<PolicyRule> rules) {

    public static final ConfigSection<PolicyConfig> SECTION =
            new ConfigSection<>("policies", PolicyConfig.class, PolicyConfigReader::read);

    public PolicyConfig {
        rules = List.copyOf(rules);
    }

    public static PolicyConfig defaults() {
        return new PolicyConfig(List.of());
    }

    /** The rules compiled; they compiled when read, so this fails only for rules built in code. */
    public PolicySet compile() {
        return PolicySet.compile(rules);
    }
}
