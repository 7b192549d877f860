package dev.gatehouse.sandbox.egress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;

/**
 * Which addresses no plugin may reach without the operator naming the exact host:port:
 * anything that is not the public internet, where a request could hit this host itself, the
 * local network, or a cloud metadata service. IPv6 forms that carry an IPv4 address are judged by
 * that address. Checked against the IANA IPv4 and IPv6 special-purpose address registries; for
 * IPv6 only global unicast (2000::/3) can be public at all, so anything outside it that no rule
 * names is refused too (deny by default).
 */
public final class AddressRules {

    /** Names of cloud metadata services, refused whatever they resolve to. */
    public static final Set<String> METADATA_NAMES = Set.of(
            "metadata",
            "metadata.google.internal",
            "metadata.goog",
            "metadata.azure.internal",
            "instance-data",
            "instance-data.ec2.internal");

    private AddressRules() {}

    /** Why the address may not be reached, in words safe to show; empty when it is a public address. */
    public static Optional<String> forbidden(InetAddress address) {
        return switch (address) {
            case Inet4Address v4 -> v4(v4.getAddress());
            case Inet6Address v6 -> v6(v6.getAddress());
            default -> Optional.of("an unknown kind of address");
        };
    }

    private static Optional<String> v4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        int a3 = b[3] & 0xff;
        if (a0 == 169 && a1 == 254 && a2 == 169 && a3 == 254) {
            return Optional.of("a metadata address");
        }
        if (a0 == 0) {
            return Optional.of("an unspecified address");
        }
        if (a0 == 127) {
            return Optional.of("a loopback address");
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return Optional.of("a private address");
        }
        if (a0 == 169 && a1 == 254) {
            return Optional.of("a link-local address");
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return Optional.of("a shared (carrier-grade NAT) address");
        }
        if (a0 >= 224 && a0 <= 239) {
            return Optional.of("a multicast address");
        }
        if (a0 >= 240
                || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2))
                || (a0 == 192 && a1 == 88 && a2 == 99)
                || (a0 == 198 && (a1 & 0xfe) == 18)
                || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return Optional.of("a reserved address");
        }
        return Optional.empty();
    }

    private static Optional<String> v6(byte[] b) {
        if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return v4(slice(b, 12)); // ::ffff:a.b.c.d
        }
        if (isZero(b, 0, 12)) {
            if (isZero(b, 12, 15) && b[15] == 1) {
                return Optional.of("a loopback address");
            }
            if (isZero(b, 12, 16)) {
                return Optional.of("an unspecified address");
            }
            return v4(slice(b, 12)); // deprecated ::a.b.c.d
        }
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            // 64:ff9b::/96 translates to the IPv4 address it carries; 64:ff9b:1::/48 is local use.
            return isZero(b, 4, 12) ? v4(slice(b, 12)) : Optional.of("a private address");
        }
        if ((b0 & 0xe0) != 0x20) {
            return outsideGlobalUnicast(b);
        }
        if (b0 == 0x20 && b1 == 0x02) {
            return v4(slice(b, 2)); // 6to4
        }
        if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xfe) == 0) {
            // 2001::/23, IETF protocol assignments: Teredo, benchmarking, ORCHID, anycast services.
            return Optional.of(b[2] == 0 && b[3] == 0 ? "a tunnel (Teredo) address" : "a reserved address");
        }
        if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return Optional.of("a reserved address"); // 2001:db8::/32, documentation
        }
        if (b0 == 0x3f && (b1 & 0xf0) == 0xf0) {
            return Optional.of("a reserved address"); // 3fff::/20, documentation
        }
        return Optional.empty();
    }

    /** Outside 2000::/3 nothing is public: named where a rule knows it, else reserved. */
    private static Optional<String> outsideGlobalUnicast(byte[] b) {
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if (b0 == 0xfd && b1 == 0x00 && (b[2] & 0xff) == 0x0e && (b[3] & 0xff) == 0xc2) {
            return Optional.of("a metadata address"); // fd00:ec2::/32, AWS's IPv6 metadata block
        }
        if ((b0 & 0xfe) == 0xfc) {
            return Optional.of("a private address");
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return Optional.of("a link-local address");
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
            return Optional.of("a private address"); // deprecated site-local
        }
        if (b0 == 0xff) {
            return Optional.of("a multicast address");
        }
        // ::/8 beyond the forms above (such as the IPv4-translated ::ffff:0:a.b.c.d), 100::/64
        // discard-only, 100:0:0:1::/64 dummy prefix, 5f00::/16 SRv6 SIDs, and unassigned space.
        return Optional.of("a reserved address");
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] b, int from) {
        return java.util.Arrays.copyOfRange(b, from, from + 4);
    }

    /** For literals in URLs and CONNECT lines ({@code [::1]} keeps its brackets): parsed, never looked up. */
    public static InetAddress literal(String host) throws UnknownHostException {
        try {
            return host.startsWith("[")
                    ? Inet6Address.ofLiteral(host.substring(1, host.length() - 1))
                    : Inet4Address.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            throw new UnknownHostException("not a literal");
        }
    }
}
