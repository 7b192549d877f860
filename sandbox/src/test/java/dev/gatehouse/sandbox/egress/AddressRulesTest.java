package dev.gatehouse.sandbox.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRulesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.255.0.9",
                "0.0.0.0",
                "10.1.2.3",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.0.1",
                "169.254.169.254",
                "169.254.0.1",
                "100.64.0.1",
                "100.127.255.255",
                "224.0.0.1",
                "239.1.1.1",
                "240.0.0.1",
                "255.255.255.255",
                "192.0.2.1",
                "198.18.0.1",
                "::1",
                "::",
                "fc00::1",
                "fd12:3456::1",
                "fd00:ec2::254",
                "fe80::1",
                "ff02::1",
                "::ffff:10.0.0.1",
                "::ffff:169.254.169.254",
                "64:ff9b::a00:1",
                "2002:7f00:1::1",
                "2001:0:4136:e378::1",
                "2001:db8::1",
                // Beyond the common ranges: the IANA special-purpose registries, v4 and v6.
                "192.88.99.1",
                "192.0.0.9",
                "198.51.100.7",
                "203.0.113.9",
                "::ffff:0:7f00:1",
                "::ffff:0:a00:1",
                "::7f00:1",
                "100::1",
                "100:0:0:1::1",
                "2001:2::1",
                "2001:10::1",
                "2001:20::1",
                "3fff::1",
                "5f00::1",
                "4000::1",
                "64:ff9b:1::1",
                "fec0::1"
            })
    void internalAndReservedAddressesAreForbidden(String literal) {
        assertThat(AddressRules.forbidden(InetAddress.ofLiteral(literal)))
                .as(literal)
                .isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "93.184.216.34",
                "1.1.1.1",
                "172.32.0.1",
                "100.128.0.1",
                "169.255.0.1",
                "2606:4700::1111",
                "2a00:1450:4001::200e",
                "64:ff9b::5db8:d822",
                "2002:5db8:d822::1"
            })
    void publicAddressesAreAllowed(String literal) {
        assertThat(AddressRules.forbidden(InetAddress.ofLiteral(literal)))
                .as(literal)
                .isEmpty();
    }
}
