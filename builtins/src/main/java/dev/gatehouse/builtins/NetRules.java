package dev.gatehouse.builtins;

import dev.gatehouse.api.manifest.Capabilities.NetRule;
import java.net.Inet6Address;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** The {@code host[:port]} syntax of net rules (the manifest's, and the operator's here) and matching. */
final class NetRules {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern OCTET = Pattern.compile("25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]{2,45}");
    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");

    private NetRules() {}

    /** Outcome of reading one rule: the rule, or why it is not one. */
    sealed interface Parsed {
        record Valid(NetRule rule) implements Parsed {}

        record Invalid(String reason) implements Parsed {}
    }

    /** Reads {@code host[:port]}; the same grammar the manifest parser accepts for capabilities.net. */
    static Parsed parse(String text) {
        if (text.length() > 300) {
            return new Parsed.Invalid("is too long");
        }
        var lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("*") || lower.startsWith("*:")) {
            return new Parsed.Invalid("is a bare '*', which would allow every host");
        }
        String host;
        String port = null;
        if (lower.startsWith("[")) {
            int close = lower.indexOf(']');
            if (close < 0 || !isIpv6(lower.substring(1, close))) {
                return new Parsed.Invalid("is not a valid bracketed IPv6 address");
            }
            host = lower.substring(0, close + 1);
            var rest = lower.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                return new Parsed.Invalid("must be host or host:port");
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = lower.indexOf(':');
            if (colon >= 0 && lower.indexOf(':', colon + 1) >= 0) {
                return new Parsed.Invalid("has an IPv6 address that is not in brackets");
            }
            host = colon < 0 ? lower : lower.substring(0, colon);
            port = colon < 0 ? null : lower.substring(colon + 1);
            if (!isIpv4(host) && !isWildcardDomain(host) && !isDnsName(host)) {
                return new Parsed.Invalid(
                        "is not a host name, '*.' and a domain of two labels or more, or an IP address");
            }
        }
        if (port == null) {
            return new Parsed.Valid(new NetRule(host, OptionalInt.empty()));
        }
        if (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535) {
            return new Parsed.Invalid("has a port that is not 1 to 65535");
        }
        return new Parsed.Valid(new NetRule(host, OptionalInt.of(Integer.parseInt(port))));
    }

    static boolean isIpv4(String host) {
        var parts = host.split("\\.", -1);
        return parts.length == 4
                && List.of(parts).stream().allMatch(p -> OCTET.matcher(p).matches());
    }

    static boolean isIpv6(String literal) {
        if (!IPV6.matcher(literal).matches() || !literal.contains(":")) {
            return false;
        }
        try {
            Inet6Address.ofLiteral(literal);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isWildcardDomain(String host) {
        // "*.com" would allow a whole top-level domain.
        return host.startsWith("*.")
                && isDnsName(host.substring(2))
                && host.substring(2).contains(".");
    }

    static boolean isDnsName(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        var labels = name.split("\\.", -1);
        for (var label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // An all-digit last label is a mistyped IP address, never a top-level domain.
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    /** Whether {@code host} (lower case, IPv6 in brackets) and {@code port} are allowed by the rule. */
    static boolean matches(NetRule rule, String host, int port) {
        if (rule.port().isPresent() && rule.port().getAsInt() != port) {
            return false;
        }
        if (rule.host().startsWith("*.")) {
            return host.endsWith(rule.host().substring(1))
                    && host.length() > rule.host().length() - 1;
        }
        return rule.host().equals(host);
    }

    static boolean anyMatches(List<NetRule> rules, String host, int port) {
        return rules.stream().anyMatch(r -> matches(r, host, port));
    }
}
