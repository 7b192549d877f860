package dev.gatehouse.sandbox.egress;

import dev.gatehouse.api.manifest.Capabilities.NetRule;
import java.util.List;
import java.util.Optional;

/** Matching hosts against net rules; their syntax is {@link dev.gatehouse.config.NetRuleSyntax}. */
public final class NetRules {

    private NetRules() {}

    /** Whether {@code host} (lower case, IPv6 in brackets) and {@code port} are allowed by the rule. */
    public static boolean matches(NetRule rule, String host, int port) {
        if (rule.port().isPresent() && rule.port().getAsInt() != port) {
            return false;
        }
        if (rule.host().startsWith("*.")) {
            return host.endsWith(rule.host().substring(1))
                    && host.length() > rule.host().length() - 1;
        }
        return rule.host().equals(host);
    }

    public static boolean anyMatches(List<NetRule> rules, String host, int port) {
        return firstMatch(rules, host, port).isPresent();
    }

    /** The first rule that allows {@code host} and {@code port}, to name in the audit record. */
    public static Optional<NetRule> firstMatch(List<NetRule> rules, String host, int port) {
        return rules.stream().filter(r -> matches(r, host, port)).findFirst();
    }
}
