package dev.gatehouse.sandbox.egress;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.api.manifest.Capabilities.NetRule;
import dev.gatehouse.api.tool.ExecutionGrant;
import dev.gatehouse.config.NetRuleSyntax;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a destination may be reached and at which addresses: the operator's hosts (where
 * the tier has such a list), the call's grant, the name resolved here once, and every address
 * judged. The caller then connects to these addresses only, so a second lookup can never answer
 * differently (DNS rebinding). Every decision, either way, is an audit event naming the caller.
 * The http builtin calls it today; the process tier's proxy and the wasm host functions will.
 */
public final class Egress {

    /**
     * The operator's side of the rules.
     *
     * @param operatorHosts the hosts the operator lets this tier reach at all, or empty when the
     *     grant alone decides (the operator consented to it)
     * @param allowPrivate hosts that may resolve to loopback, private or link-local addresses
     * @param privateHint the words that tell the operator how to allow an internal address
     */
    public record Rules(Optional<List<NetRule>> operatorHosts, List<NetRule> allowPrivate, String privateHint) {
        public Rules {
            operatorHosts = operatorHosts.map(List::copyOf);
            allowPrivate = List.copyOf(allowPrivate);
        }
    }

    private final Rules rules;
    private final HostResolver resolver;
    private final AuditSink audit;
    private final Clock clock;

    public Egress(Rules rules, HostResolver resolver, AuditSink audit, Clock clock) {
        this.rules = rules;
        this.resolver = resolver;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The addresses the caller may dial for {@code host:port}, recorded as {@code egress.allowed};
     * or {@link EgressDenied}, recorded as {@code egress.denied} with the reason.
     *
     * @param host lower case; an IPv6 literal in brackets
     */
    public List<InetAddress> check(String host, int port, ExecutionGrant grant) {
        if (!wellFormed(host) || port < 1 || port > 65535) {
            // Hostile input from a process tier's CONNECT line: judged, recorded and never echoed.
            throw denied("(malformed)", Math.max(0, port), grant, EgressDenied.Reason.MALFORMED, "not a host name");
        }
        var shown = "'" + host + ":" + port + "'";
        Optional<NetRule> rule = Optional.empty();
        if (rules.operatorHosts().isPresent()) {
            var hosts = rules.operatorHosts().get();
            if (hosts.isEmpty()) {
                throw denied(
                        host, port, grant, EgressDenied.Reason.NOT_CONFIGURED, "no hosts are configured for this tool");
            }
            rule = NetRules.firstMatch(hosts, host, port);
            if (rule.isEmpty()) {
                throw denied(
                        host,
                        port,
                        grant,
                        EgressDenied.Reason.NOT_LISTED,
                        shown + " is not among the hosts this tool may reach");
            }
        }
        var granted = NetRules.firstMatch(grant.net(), host, port);
        if (granted.isEmpty()) {
            throw denied(
                    host,
                    port,
                    grant,
                    EgressDenied.Reason.NOT_GRANTED,
                    shown + " is not among the hosts this plugin was granted");
        }
        boolean privateAllowed = NetRules.anyMatches(rules.allowPrivate(), host, port);
        if (!privateAllowed && AddressRules.METADATA_NAMES.contains(host)) {
            throw denied(host, port, grant, EgressDenied.Reason.METADATA, shown + " is a metadata service");
        }
        List<InetAddress> addresses;
        try {
            addresses = isLiteral(host) ? List.of(AddressRules.literal(host)) : List.copyOf(resolver.resolve(host));
        } catch (UnknownHostException e) {
            addresses = List.of();
        }
        if (addresses.isEmpty()) {
            throw denied(host, port, grant, EgressDenied.Reason.UNRESOLVED, "could not resolve '" + host + "'");
        }
        if (!privateAllowed) {
            // All or nothing: a name that also resolves inside would let a retry land there.
            for (var address : addresses) {
                var why = AddressRules.forbidden(address);
                if (why.isPresent()) {
                    throw denied(
                            host,
                            port,
                            grant,
                            EgressDenied.Reason.INTERNAL_ADDRESS,
                            shown + " resolves to " + why.get() + "; " + rules.privateHint());
                }
            }
        }
        var fields = fields(host, port, grant);
        fields.put("rule", rule.orElse(granted.get()).toString());
        // The addresses actually dialled: what an investigation of a rebinding attempt needs.
        fields.put(
                "addresses", addresses.stream().map(InetAddress::getHostAddress).toList());
        if (privateAllowed) {
            fields.put("allow_private", true);
        }
        audit.record(new AuditEvent(clock.instant(), "egress.allowed", grant.principalId(), fields));
        return addresses;
    }

    private static boolean wellFormed(String host) {
        if (host == null || host.length() > 255) {
            return false;
        }
        return host.startsWith("[") && host.endsWith("]")
                ? NetRuleSyntax.isIpv6(host.substring(1, host.length() - 1))
                : NetRuleSyntax.isIpv4(host) || NetRuleSyntax.isDnsName(host);
    }

    /** An IPv4 literal or a bracketed IPv6 literal: parsed, never looked up. */
    static boolean isLiteral(String host) {
        return host.startsWith("[") || NetRuleSyntax.isIpv4(host);
    }

    private EgressDenied denied(String host, int port, ExecutionGrant grant, EgressDenied.Reason reason, String why) {
        var fields = fields(host, port, grant);
        fields.put("reason", reason.word());
        audit.record(new AuditEvent(clock.instant(), "egress.denied", grant.principalId(), fields));
        return new EgressDenied(reason, why);
    }

    private static Map<String, Object> fields(String host, int port, ExecutionGrant grant) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("plugin", grant.plugin());
        fields.put("tool", grant.tool());
        fields.put("host", host);
        fields.put("port", port);
        return fields;
    }
}
