package dev.gatehouse.plugins.manifest;

import dev.gatehouse.api.manifest.Capabilities.NetRule;
import java.net.Inet6Address;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Reads one {@code capabilities.net} entry: {@code host[:port]}, where host is a DNS name, an
 * IPv4 literal, a bracketed IPv6 literal, or {@code *.} and a domain of at least two labels.
 */
final class NetRuleSyntax {

    /** Either a rule or why the entry is not one. */
    sealed interface Result {}

    record Valid(NetRule rule) implements Result {}

    record Invalid(String reason) implements Result {}

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-f:.]{2,45}");
    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");

    private NetRuleSyntax() {}

    static Result parse(String entry) {
        var text = entry.toLowerCase(Locale.ROOT);
        if (text.equals("*") || text.startsWith("*:")) {
            return new Invalid("a bare '*' would allow every host; name the hosts or a domain like '*.example.com'");
        }
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return new Invalid("an IPv6 address needs a closing ']'");
            }
            host = text.substring(0, close + 1);
            var rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return new Invalid("only ':port' may follow an IPv6 address");
                }
                port = rest.substring(1);
            }
            if (!isIpv6(text.substring(1, close))) {
                return new Invalid("not a valid IPv6 address");
            }
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
                return new Invalid("an IPv6 address must be in brackets, like [2001:db8::1]:443");
            }
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
            var reason = hostProblem(host);
            if (reason != null) {
                return new Invalid(reason);
            }
        }
        if (port == null) {
            return new Valid(new NetRule(host, OptionalInt.empty()));
        }
        if (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535) {
            return new Invalid("the port must be a number from 1 to 65535");
        }
        return new Valid(new NetRule(host, OptionalInt.of(Integer.parseInt(port))));
    }

    /** Why {@code host} is not a DNS name, IPv4 literal or wildcard domain; null when it is one. */
    private static String hostProblem(String host) {
        if (host.startsWith("*.")) {
            var domain = host.substring(2);
            if (!isDnsName(domain)) {
                return "'*.' must be followed by a domain name";
            }
            if (!domain.contains(".")) {
                return "'*." + domain + "' would allow every host under a top-level domain; name a longer domain";
            }
            return null;
        }
        if (host.contains("*")) {
            return "'*' is only allowed as a leading '*.'";
        }
        if (host.isEmpty()) {
            return "the host is missing";
        }
        return IPV4.matcher(host).matches() || isDnsName(host) ? null : "not a valid host name or IP address";
    }

    private static boolean isDnsName(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        var labels = name.split("\\.", -1);
        for (var label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // An all-digit last label is a mistyped IP address, never a real top-level domain.
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    private static boolean isIpv6(String literal) {
        if (!IPV6_CHARS.matcher(literal).matches() || !literal.contains(":")) {
            return false;
        }
        try {
            Inet6Address.ofLiteral(literal);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
