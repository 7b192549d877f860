package dev.gatehouse.plugins.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.trust.TrustLevel;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.config.PluginLimits;
import dev.gatehouse.config.PluginPolicy;
import dev.gatehouse.plugins.source.ExtractionLimits;
import dev.gatehouse.plugins.source.SourceFetcher;
import dev.gatehouse.plugins.source.TreeDigest;
import dev.gatehouse.plugins.testing.PluginTree;
import dev.gatehouse.plugins.testing.SigningKeys;
import dev.gatehouse.plugins.trust.PublisherKey;
import dev.gatehouse.plugins.trust.SignatureStatus;
import dev.gatehouse.plugins.trust.TrustStore;
import dev.gatehouse.testing.RecordingAuditSink;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One install reads the trust store once: the signature check and the policy judge the same keys. */
class SupplyChainTrustReadsTest {

    @TempDir
    Path tmp;

    GatehouseHome home;
    TrustStore store;
    SigningKeys.JdkKey signer;
    AtomicInteger reads = new AtomicInteger();
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void setUp() {
        home = new GatehouseHome(tmp.resolve("home"));
        store = new TrustStore(home.trust(), clock);
        var key = SigningKeys.jdkEd25519(tmp, "acme");
        store.add("acme", key.publicKeyPem(), TrustLevel.OFFICIAL);
        signer = key;
    }

    SupplyChain supplyChain(PluginPolicy policy) {
        Supplier<List<PublisherKey>> counted = () -> {
            reads.incrementAndGet();
            return store.list();
        };
        return new SupplyChain(
                home,
                policy,
                counted,
                new SourceFetcher(ExtractionLimits.DEFAULT),
                new RecordingAuditSink(),
                clock,
                "cli:tester");
    }

    static PluginPolicy allowlistingCrmOfAcme() {
        return new PluginPolicy(
                false,
                TrustLevel.UNKNOWN,
                List.of(new PluginPolicy.AllowedPlugin("crm", "acme-crm", "acme")),
                PluginLimits.DEFAULT_MAXIMA,
                PluginLimits.DEFAULT_LIMITS);
    }

    Path crmOfAcme(String dirName) {
        return PluginTree.named("crm")
                .packageName("acme-crm")
                .publisher("acme")
                .writeTo(tmp.resolve("src").resolve(dirName));
    }

    @Test
    void aSignedInstallIsVerifiedWithOneReadOfTheTrustStore() throws Exception {
        var dir = crmOfAcme("signed");
        signer.sign(TreeDigest.of(dir), dir);

        try (var prepared = supplyChain(allowlistingCrmOfAcme()).prepare(dir.toString(), step -> {}, false)) {
            assertThat(prepared.provenance().status()).isEqualTo(SignatureStatus.VERIFIED);
            assertThat(prepared.provenance().level()).isEqualTo(TrustLevel.OFFICIAL);
            assertThat(prepared.provenance().publisher()).contains("acme");
        }
        assertThat(reads).hasValue(1);
    }

    @Test
    void anUnsignedClaimOfATrustedPublisherIsRefusedWithOneReadOfTheTrustStore() {
        var dir = crmOfAcme("unsigned");

        assertThatThrownBy(() -> supplyChain(allowlistingCrmOfAcme()).prepare(dir.toString(), step -> {}, false))
                .isInstanceOf(PolicyRefusedException.class)
                .extracting(e -> ((PolicyRefusedException) e).reason())
                .isEqualTo(PolicyRefusedException.Reason.SQUATTING);
        assertThat(reads).hasValue(1);
    }
}
