package dev.gatehouse.config;

import dev.gatehouse.api.manifest.Capabilities.NetRule;
import java.net.Inet6Address;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Reads one {@code capabilities.net} entry: {@code host[:port]}, where host is a DNS name, an
 * IPv4 literal, a bracketed IPv6 literal, or {@code *.} and a domain of at least two labels.
 * One grammar for every place a host rule is written (plugin manifests, the operator's builtin
 * configuration), so a rule can never mean one thing here and another there.
 */
public final class NetRuleSyntax {

    /** Either a rule or why the entry is not one. */
    public sealed interface Result {}

    public record Valid(NetRule rule) implements Result {}

    /** @param reason a sentence fragment saying what is wrong, safe to show */
    public record Invalid(String reason) implements Result {}

    /** Far longer than any real host rule; bounds what a hostile entry costs. */
    private static final int MAX_LENGTH = 300;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-f:.]{2,45}");
    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");

    private NetRuleSyntax() {}

    public static Result parse(String entry) {
        if (entry.length() > MAX_LENGTH) {
            return new Invalid("the entry is longer than " + MAX_LENGTH + " characters");
        }
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

    /** Whether {@code host} is a dotted-quad IPv4 literal. */
    public static boolean isIpv4(String host) {
        return IPV4.matcher(host).matches();
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

    /** Whether {@code name} is a DNS name of valid labels whose last label is not all digits. */
    public static boolean isDnsName(String name) {
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

    /** Whether {@code literal} (without brackets) is an IPv6 address. */
    public static boolean isIpv6(String literal) {
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
