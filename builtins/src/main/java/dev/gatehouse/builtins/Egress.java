package dev.gatehouse.builtins;

import dev.gatehouse.api.tool.ExecutionGrant;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Decides whether a destination may be reached and at which addresses: the operator's hosts, the
 * call's grant, the name resolved here once, and every address judged. The exchange then connects
 * to these addresses only, so a second lookup can never answer differently (DNS rebinding).
 */
final class Egress {

    private final BuiltinsConfig.Http config;
    private final HostResolver resolver;

    Egress(BuiltinsConfig.Http config, HostResolver resolver) {
        this.config = config;
        this.resolver = resolver;
    }

    List<InetAddress> check(Destination destination, ExecutionGrant grant) {
        var shown = Quote.of(destination.authority());
        if (config.hosts().isEmpty()) {
            throw new Refusal(Destination.PLUGIN, Refusal.Kind.NOT_CONFIGURED, "no hosts are configured for this tool");
        }
        if (!NetRules.anyMatches(config.hosts(), destination.host(), destination.port())) {
            throw Destination.refuse(shown + " is not among the hosts this tool may reach");
        }
        if (!NetRules.anyMatches(grant.net(), destination.host(), destination.port())) {
            throw Destination.refuse(shown + " is not among the hosts this plugin was granted");
        }
        boolean privateAllowed = NetRules.anyMatches(config.allowPrivate(), destination.host(), destination.port());
        if (!privateAllowed && AddressRules.METADATA_NAMES.contains(destination.host())) {
            throw Destination.refuse(shown + " is a metadata service");
        }
        List<InetAddress> addresses;
        try {
            addresses = destination.isLiteral()
                    ? List.of(AddressRules.literal(destination.host()))
                    : List.copyOf(resolver.resolve(destination.host()));
        } catch (UnknownHostException e) {
            throw Destination.refuse("could not resolve " + Quote.of(destination.host()));
        }
        if (addresses.isEmpty()) {
            throw Destination.refuse("could not resolve " + Quote.of(destination.host()));
        }
        if (!privateAllowed) {
            // All or nothing: a name that also resolves inside would let a retry land there.
            for (var address : addresses) {
                var why = AddressRules.forbidden(address);
                if (why.isPresent()) {
                    throw Destination.refuse(
                            shown + " resolves to " + why.get() + "; the operator must allow it in allow_private");
                }
            }
        }
        return addresses;
    }
}
