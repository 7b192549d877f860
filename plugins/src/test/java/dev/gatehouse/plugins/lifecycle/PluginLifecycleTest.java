package dev.gatehouse.plugins.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.trust.TrustLevel;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.config.OperatorConfig;
import dev.gatehouse.config.PluginLimits;
import dev.gatehouse.config.PluginPolicy;
import dev.gatehouse.plugins.manifest.ManifestException;
import dev.gatehouse.plugins.testing.PluginTree;
import dev.gatehouse.plugins.trust.TrustStore;
import dev.gatehouse.testing.RecordingAuditSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLifecycleTest {

    @TempDir
    Path tmp;

    GatehouseHome home;
    RecordingAuditSink audit;
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void setUp() {
        home = new GatehouseHome(tmp.resolve("home"));
        audit = new RecordingAuditSink();
    }

    PluginLifecycle lifecycle() {
        return lifecycle(PluginPolicy.permissiveDefaults());
    }

    PluginLifecycle lifecycle(PluginPolicy policy) {
        return new PluginLifecycle(
                home, new OperatorConfig(policy), new TrustStore(home.trust(), clock), audit, clock, "cli:tester");
    }

    Path tree(PluginTree t, String dirName) {
        return t.writeTo(tmp.resolve("src").resolve(dirName));
    }

    PluginRecord install(PluginLifecycle lc, Path dir) {
        try (var prepared = lc.prepare(dir.toString(), step -> {})) {
            return lc.install(prepared);
        }
    }

    @Test
    void installRecordsDigestAndSourceButDoesNotEnable() {
        var lc = lifecycle();
        var record = install(lc, tree(PluginTree.named("crm").net("acme.crm.example.com:443"), "crm"));

        assertThat(record.enabled()).isFalse();
        assertThat(record.status()).isEqualTo(PluginRecord.Status.INSTALLED);
        assertThat(record.active().digest()).matches("sha256:[0-9a-f]{64}");
        assertThat(record.active().trustLevel()).isEqualTo(TrustLevel.UNKNOWN);
        assertThat(record.active().capabilities().net()).containsExactly("acme.crm.example.com:443");
        assertThat(lc.list()).extracting(PluginRecord::name).containsExactly("crm");
        assertThat(lc.treeOf(record, record.active()).resolve("dist/index.js")).exists();
        assertThat(audit.types()).containsExactly("plugin.installed");
        assertThat(audit.events().getFirst().principal()).isEqualTo("cli:tester");
    }

    @Test
    void aRefusedInstallLeavesNothingBehindAndIsAudited() throws Exception {
        var lc = lifecycle();
        var bad = tree(PluginTree.named("crm").manifest("manifest_version: 1\nname: crm\n"), "bad");

        assertThatThrownBy(() -> lc.prepare(bad.toString(), step -> {})).isInstanceOf(ManifestException.class);

        assertThat(home.plugins().resolve("crm")).doesNotExist();
        assertThat(lc.list()).isEmpty();
        try (var left = Files.list(home.staging())) {
            assertThat(left).isEmpty();
        }
        assertThat(audit.types()).containsExactly("plugin.install_refused");
    }

    @Test
    void installingANameTwiceIsRefused() {
        var lc = lifecycle();
        install(lc, tree(PluginTree.named("crm"), "v1"));
        var again = tree(PluginTree.named("crm").version("1.1.0"), "v2");

        assertThatThrownBy(() -> install(lc, again))
                .isInstanceOf(LifecycleException.class)
                .extracting(e -> ((LifecycleException) e).reason())
                .isEqualTo(LifecycleException.Reason.ALREADY_INSTALLED);
    }

    @Test
    void twoConcurrentInstallsOfOneNameLeaveExactlyOneInstalled() throws Exception {
        var a = tree(PluginTree.named("crm").version("1.0.0"), "a");
        var b = tree(PluginTree.named("crm").version("2.0.0"), "b");
        var barrier = new CyclicBarrier(2);
        Callable<PluginRecord> first = () -> {
            var lc = lifecycle();
            try (var p = lc.prepare(a.toString(), s -> {})) {
                barrier.await();
                return lc.install(p);
            }
        };
        Callable<PluginRecord> second = () -> {
            var lc = lifecycle();
            try (var p = lc.prepare(b.toString(), s -> {})) {
                barrier.await();
                return lc.install(p);
            }
        };
        List<Future<PluginRecord>> results;
        try (var pool = Executors.newFixedThreadPool(2)) {
            results = pool.invokeAll(List.of(first, second));
        }
        int ok = 0;
        int refused = 0;
        for (var f : results) {
            try {
                f.get();
                ok++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(LifecycleException.class);
                assertThat(((LifecycleException) e.getCause()).reason())
                        .isEqualTo(LifecycleException.Reason.ALREADY_INSTALLED);
                refused++;
            }
        }
        assertThat(ok).isEqualTo(1);
        assertThat(refused).isEqualTo(1);
        var installed = lifecycle().find("crm");
        assertThat(lifecycle().verify(Optional.of("crm"))).allMatch(VerifyResult::ok);
        try (var versions = Files.list(home.plugins().resolve("crm/versions"))) {
            assertThat(versions).hasSize(1);
        }
        try (var left = Files.list(home.staging())) {
            assertThat(left).isEmpty();
        }
        assertThat(installed.active().version()).isIn("1.0.0", "2.0.0");
    }

    @Test
    void enablingRecordsConsentWithToolFingerprintsAndMakesAPrivateStateDirectory() throws Exception {
        var lc = lifecycle();
        install(lc, tree(PluginTree.named("crm").secret("ACME_CRM_TOKEN"), "crm"));

        var proposal = lc.proposeEnable("crm");
        assertThat(proposal.diff()).isEmpty();
        var record = lc.enable(proposal, "--yes");

        assertThat(record.enabled()).isTrue();
        var consent = record.consent().orElseThrow();
        assertThat(consent.principal()).isEqualTo("cli:tester");
        assertThat(consent.approved().secrets()).containsExactly("ACME_CRM_TOKEN");
        assertThat(consent.approved().toolFingerprints()).containsOnlyKeys("crm_lookup");
        assertThat(consent.approved().toolFingerprints().get("crm_lookup")).startsWith("sha256:");
        var state = home.state("crm");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state)))
                .isEqualTo("rwx------");
        assertThat(lc.proposeEnable("crm").alreadyEnabled()).isTrue();
        assertThat(audit.types()).containsExactly("plugin.installed", "plugin.enabled");
        // Survives a reload from disk.
        assertThat(lifecycle().find("crm").consent()).contains(consent);
    }

    @Test
    void enableRefusesWhenThePluginChangedAfterConsentWasAsked() {
        var lc = lifecycle();
        install(lc, tree(PluginTree.named("crm"), "v1"));
        var proposal = lc.proposeEnable("crm");
        lc.update(
                "crm",
                Optional.of(tree(PluginTree.named("crm").version("1.1.0").net("x.example.com:443"), "v2")
                        .toString()),
                s -> {});

        assertThatThrownBy(() -> lc.enable(proposal, "prompt"))
                .isInstanceOf(LifecycleException.class)
                .extracting(e -> ((LifecycleException) e).reason())
                .isEqualTo(LifecycleException.Reason.CHANGED_SINCE_SHOWN);
    }

    @Test
    void disableWithdrawsConsentAndRemoveKeepsStateUnlessPurged() {
        var lc = lifecycle();
        install(lc, tree(PluginTree.named("crm"), "crm"));
        lc.enable(lc.proposeEnable("crm"), "--yes");

        var disabled = lc.disable("crm");
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.consent()).isEmpty();
        assertThatThrownBy(() -> lc.load("crm"))
                .extracting(e -> ((LifecycleException) e).reason())
                .isEqualTo(LifecycleException.Reason.NOT_ENABLED);

        lc.remove("crm", false);
        assertThat(home.plugins().resolve("crm")).doesNotExist();
        assertThat(home.state("crm")).isDirectory();

        install(lc, tree(PluginTree.named("crm"), "crm"));
        lc.remove("crm", true);
        assertThat(home.state("crm")).doesNotExist();
        assertThat(lc.list()).isEmpty();
    }

    @Test
    void verifyMarksATamperedTreeAndLoadRefusesIt() throws Exception {
        var lc = lifecycle();
        var record = install(lc, tree(PluginTree.named("crm"), "crm"));
        lc.enable(lc.proposeEnable("crm"), "--yes");
        assertThat(lc.load("crm").manifest().name()).isEqualTo("crm");

        var script = lc.treeOf(record, record.active()).resolve("dist/index.js");
        var original = Files.readString(script);
        Files.writeString(script, "require('child_process').exec('curl evil')\n");

        var results = lc.verify(Optional.empty());
        assertThat(results).singleElement().satisfies(r -> assertThat(r.ok()).isFalse());
        assertThat(lc.find("crm").status()).isEqualTo(PluginRecord.Status.TAMPERED);
        assertThatThrownBy(() -> lc.load("crm"))
                .extracting(e -> ((LifecycleException) e).reason())
                .isEqualTo(LifecycleException.Reason.TAMPERED);
        assertThatThrownBy(() -> lc.proposeEnable("crm"))
                .extracting(e -> ((LifecycleException) e).reason())
                .isEqualTo(LifecycleException.Reason.TAMPERED);
        assertThat(audit.types()).contains("plugin.verify_failed");

        Files.writeString(script, original);
        assertThat(lc.verify(Optional.of("crm"))).allMatch(VerifyResult::ok);
        assertThat(lc.load("crm").record().status()).isEqualTo(PluginRecord.Status.ENABLED);
    }

    @Test
    void loadRefusesATreeAlteredWithoutAnyVerifyRun() throws Exception {
        var lc = lifecycle();
        var record = install(lc, tree(PluginTree.named("crm"), "crm"));
        lc.enable(lc.proposeEnable("crm"), "--yes");
        Files.writeString(lc.treeOf(record, record.active()).resolve("extra.sh"), "#!/bin/sh\n");

        assertThatThrownBy(() -> lc.load("crm"))
                .extracting(e -> ((LifecycleException) e).reason())
                .isEqualTo(LifecycleException.Reason.TAMPERED);
        assertThat(lc.find("crm").tampered()).isPresent();
    }

    @Test
    void theBuiltinRuntimeIsReservedForGatehousesOwnTools() {
        var lc = lifecycle();
        var impostor = tree(PluginTree.named("files").builtin(), "impostor");

        assertThatThrownBy(() -> lc.prepare(impostor.toString(), s -> {}))
                .isInstanceOf(LifecycleException.class)
                .hasMessageContaining("reserved")
                .extracting(e -> ((LifecycleException) e).reason())
                .isEqualTo(LifecycleException.Reason.BUILTIN_RESERVED);
        assertThat(lc.list()).isEmpty();
    }

    // ---- policy ----

    static PluginPolicy allowlist(PluginPolicy.AllowedPlugin... entries) {
        return new PluginPolicy(
                false, TrustLevel.UNKNOWN, List.of(entries), PluginLimits.DEFAULT_MAXIMA, PluginLimits.DEFAULT_LIMITS);
    }

    @Test
    void anAllowlistedNameClaimedByAnotherPackageIsRefusedAsSquatting() {
        var lc = lifecycle(allowlist(new PluginPolicy.AllowedPlugin("crm", "acme-crm", "acme")));
        var squatter = tree(PluginTree.named("crm").packageName("crm-plus").publisher("acme"), "squat");

        assertThatThrownBy(() -> lc.prepare(squatter.toString(), s -> {}))
                .isInstanceOf(PolicyRefusedException.class)
                .hasMessageContaining("SECURITY")
                .hasMessageContaining("acme-crm")
                .hasMessageContaining("crm-plus")
                .extracting(e -> ((PolicyRefusedException) e).reason())
                .isEqualTo(PolicyRefusedException.Reason.SQUATTING);
        assertThat(audit.types()).containsExactly("plugin.install_refused");
        assertThat(lc.list()).isEmpty();
    }

    @Test
    void anAllowlistedNameFromAnotherPublisherIsRefused() {
        var lc = lifecycle(allowlist(new PluginPolicy.AllowedPlugin("crm", "acme-crm", "acme")));
        var squatter = tree(PluginTree.named("crm").packageName("acme-crm").publisher("mallory"), "squat");

        assertThatThrownBy(() -> lc.prepare(squatter.toString(), s -> {}))
                .extracting(e -> ((PolicyRefusedException) e).reason())
                .isEqualTo(PolicyRefusedException.Reason.SQUATTING);
    }

    @Test
    void withAnAllowlistOnlyListedPluginsInstall() {
        var lc = lifecycle(allowlist(new PluginPolicy.AllowedPlugin("crm", "acme-crm", "acme")));
        install(lc, tree(PluginTree.named("crm").packageName("acme-crm"), "crm"));

        assertThatThrownBy(() ->
                        lc.prepare(tree(PluginTree.named("other"), "other").toString(), s -> {}))
                .extracting(e -> ((PolicyRefusedException) e).reason())
                .isEqualTo(PolicyRefusedException.Reason.NOT_ALLOWLISTED);
    }

    @Test
    void requireSignedRefusesAnUnsignedPlugin() {
        var lc = lifecycle(new PluginPolicy(
                true, TrustLevel.UNKNOWN, List.of(), PluginLimits.DEFAULT_MAXIMA, PluginLimits.DEFAULT_LIMITS));
        assertThatThrownBy(() -> lc.prepare(tree(PluginTree.named("crm"), "crm").toString(), s -> {}))
                .extracting(e -> ((PolicyRefusedException) e).reason())
                .isEqualTo(PolicyRefusedException.Reason.UNSIGNED);
    }

    @Test
    void aMinimumTrustLevelRefusesUnknownPublishers() {
        var lc = lifecycle(new PluginPolicy(
                false, TrustLevel.COMMUNITY, List.of(), PluginLimits.DEFAULT_MAXIMA, PluginLimits.DEFAULT_LIMITS));
        assertThatThrownBy(() -> lc.prepare(tree(PluginTree.named("crm"), "crm").toString(), s -> {}))
                .extracting(e -> ((PolicyRefusedException) e).reason())
                .isEqualTo(PolicyRefusedException.Reason.TRUST_TOO_LOW);
    }
}
