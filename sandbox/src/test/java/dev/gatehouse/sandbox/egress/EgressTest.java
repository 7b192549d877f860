package dev.gatehouse.sandbox.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.manifest.Capabilities;
import dev.gatehouse.api.manifest.Capabilities.NetRule;
import dev.gatehouse.api.tool.ExecutionGrant;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The egress rules as a tier without an operator host list uses them (the process tier's proxy,
 * the wasm host functions): the grant decides, names are resolved here, internal addresses refused.
 */
class EgressTest {

    private final List<AuditEvent> events = new ArrayList<>();

    private final HostResolver resolver = host -> switch (host) {
        case "api.example.com", "example.com" ->
            List.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 215, 14}));
        case "inside.example.com" -> List.of(InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7}));
        case "split.example.com" ->
            List.of(
                    InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 215, 14}),
                    InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        default -> throw new UnknownHostException(host);
    };

    private Egress egress(List<NetRule> allowPrivate) {
        return new Egress(
                new Egress.Rules(Optional.empty(), allowPrivate, "declare that exact host"),
                resolver,
                events::add,
                Clock.systemUTC());
    }

    private static ExecutionGrant grant(String... net) {
        var rules = java.util.Arrays.stream(net)
                .map(n -> n.contains(":")
                        ? new NetRule(
                                n.substring(0, n.indexOf(':')),
                                OptionalInt.of(Integer.parseInt(n.substring(n.indexOf(':') + 1))))
                        : new NetRule(n, OptionalInt.empty()))
                .toList();
        return new ExecutionGrant(
                "p",
                "t",
                "key:tester",
                Instant.now(),
                Map.of(),
                Map.of(),
                rules,
                List.of(),
                List.of(),
                Path.of("/nonexistent"),
                Capabilities.Limits.unset());
    }

    @Test
    void aGrantedHostIsDialledAtTheAddressesCheckedHere() {
        var addresses = egress(List.of()).check("api.example.com", 443, grant("api.example.com:443"));

        assertThat(addresses).extracting(InetAddress::getHostAddress).containsExactly("93.184.215.14");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("egress.allowed");
            assertThat(e.fields()).containsEntry("host", "api.example.com").containsEntry("port", 443);
        });
    }

    @Test
    void aWildcardDoesNotMatchTheBareDomainNorAnotherPort() {
        var e = egress(List.of());
        var grant = grant("*.example.com:443");

        assertThatThrownBy(() -> e.check("example.com", 443, grant))
                .isInstanceOfSatisfying(
                        EgressDenied.class, d -> assertThat(d.reason()).isEqualTo(EgressDenied.Reason.NOT_GRANTED));
        assertThatThrownBy(() -> e.check("api.example.com", 80, grant)).isInstanceOf(EgressDenied.class);
        assertThat(e.check("api.example.com", 443, grant)).hasSize(1);
    }

    @Test
    void internalAddressesAreRefusedUnlessThatExactHostIsAllowed() {
        var grant = grant("inside.example.com", "split.example.com", "127.0.0.1");

        for (var host : List.of("inside.example.com", "split.example.com", "127.0.0.1")) {
            assertThatThrownBy(() -> egress(List.of()).check(host, 443, grant))
                    .isInstanceOfSatisfying(EgressDenied.class, d -> {
                        assertThat(d.reason()).isEqualTo(EgressDenied.Reason.INTERNAL_ADDRESS);
                        assertThat(d.getMessage()).doesNotContain("10.0.0.7").endsWith("declare that exact host");
                    });
        }
        var allowed = egress(List.of(new NetRule("inside.example.com", OptionalInt.empty())));
        assertThat(allowed.check("inside.example.com", 443, grant)).hasSize(1);
        assertThatThrownBy(() -> allowed.check("split.example.com", 443, grant)).isInstanceOf(EgressDenied.class);
    }

    @Test
    void metadataNamesAndMalformedHostsAreRefusedAndRecorded() {
        var grant = grant("metadata.google.internal", "*.example.com");
        var e = egress(List.of());

        assertThatThrownBy(() -> e.check("metadata.google.internal", 80, grant))
                .isInstanceOfSatisfying(
                        EgressDenied.class, d -> assertThat(d.reason()).isEqualTo(EgressDenied.Reason.METADATA));
        assertThatThrownBy(() -> e.check("x.example.com\r\nHost: evil", 80, grant))
                .isInstanceOfSatisfying(EgressDenied.class, d -> {
                    assertThat(d.reason()).isEqualTo(EgressDenied.Reason.MALFORMED);
                    assertThat(d.getMessage()).doesNotContain("evil");
                });
        assertThatThrownBy(() -> e.check("gone.example.com", 80, grant))
                .isInstanceOfSatisfying(
                        EgressDenied.class, d -> assertThat(d.reason()).isEqualTo(EgressDenied.Reason.UNRESOLVED));
        assertThat(events)
                .extracting(ev -> ev.type() + " " + ev.fields().get("reason") + " "
                        + ev.fields().get("host"))
                .containsExactly(
                        "egress.denied metadata metadata.google.internal",
                        "egress.denied malformed (malformed)",
                        "egress.denied unresolved gone.example.com");
    }
}
