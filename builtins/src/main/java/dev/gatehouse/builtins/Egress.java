package dev.gatehouse.builtins;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.api.tool.ExecutionGrant;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a destination may be reached and at which addresses: the operator's hosts, the
 * call's grant, the name resolved here once, and every address judged. The exchange then connects
 * to these addresses only, so a second lookup can never answer differently (DNS rebinding). Every
 * decision, either way, is an audit event naming the caller.
 */
final class Egress {

    private final BuiltinsConfig.Http config;
    private final HostResolver resolver;
    private final AuditSink audit;
    private final Clock clock;

    Egress(BuiltinsConfig.Http config, HostResolver resolver, AuditSink audit, Clock clock) {
        this.config = config;
        this.resolver = resolver;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The addresses the exchange may dial for this destination, recorded as {@code egress.allowed};
     * or a {@link Refusal} for the caller, recorded as {@code egress.denied} with the reason.
     */
    List<InetAddress> check(Destination destination, ExecutionGrant grant) {
        var shown = Quote.of(destination.authority());
        if (config.hosts().isEmpty()) {
            throw denied(
                    destination,
                    grant,
                    "not_configured",
                    new Refusal(
                            Destination.PLUGIN, Refusal.Kind.NOT_CONFIGURED, "no hosts are configured for this tool"));
        }
        var rule = NetRules.firstMatch(config.hosts(), destination.host(), destination.port());
        if (rule.isEmpty()) {
            throw denied(
                    destination,
                    grant,
                    "not_configured",
                    Destination.refuse(shown + " is not among the hosts this tool may reach"));
        }
        if (!NetRules.anyMatches(grant.net(), destination.host(), destination.port())) {
            throw denied(
                    destination,
                    grant,
                    "not_granted",
                    Destination.refuse(shown + " is not among the hosts this plugin was granted"));
        }
        boolean privateAllowed = NetRules.anyMatches(config.allowPrivate(), destination.host(), destination.port());
        if (!privateAllowed && AddressRules.METADATA_NAMES.contains(destination.host())) {
            throw denied(destination, grant, "metadata", Destination.refuse(shown + " is a metadata service"));
        }
        List<InetAddress> addresses;
        try {
            addresses = destination.isLiteral()
                    ? List.of(AddressRules.literal(destination.host()))
                    : List.copyOf(resolver.resolve(destination.host()));
        } catch (UnknownHostException e) {
            addresses = List.of();
        }
        if (addresses.isEmpty()) {
            throw denied(
                    destination,
                    grant,
                    "unresolved",
                    Destination.refuse("could not resolve " + Quote.of(destination.host())));
        }
        if (!privateAllowed) {
            // All or nothing: a name that also resolves inside would let a retry land there.
            for (var address : addresses) {
                var why = AddressRules.forbidden(address);
                if (why.isPresent()) {
                    throw denied(
                            destination,
                            grant,
                            "internal_address",
                            Destination.refuse(shown + " resolves to " + why.get()
                                    + "; the operator must allow it in allow_private"));
                }
            }
        }
        var fields = fields(destination, grant);
        fields.put("rule", rule.get().toString());
        // The addresses actually dialled: what an investigation of a rebinding attempt needs.
        fields.put(
                "addresses", addresses.stream().map(InetAddress::getHostAddress).toList());
        if (privateAllowed) {
            fields.put("allow_private", true);
        }
        audit.record(new AuditEvent(clock.instant(), "egress.allowed", grant.principalId(), fields));
        return addresses;
    }

    private Refusal denied(Destination destination, ExecutionGrant grant, String reason, Refusal refusal) {
        var fields = fields(destination, grant);
        fields.put("reason", reason);
        audit.record(new AuditEvent(clock.instant(), "egress.denied", grant.principalId(), fields));
        return refusal;
    }

    private static Map<String, Object> fields(Destination destination, ExecutionGrant grant) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("plugin", grant.plugin());
        fields.put("tool", grant.tool());
        fields.put("host", destination.host());
        fields.put("port", destination.port());
        return fields;
    }
}
