package dev.gatehouse.plugins.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.trust.TrustLevel;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.config.OperatorConfig;
import dev.gatehouse.plugins.capability.CapabilityWords;
import dev.gatehouse.plugins.source.TreeDigest;
import dev.gatehouse.plugins.testing.PluginTree;
import dev.gatehouse.plugins.testing.SigningKeys;
import dev.gatehouse.plugins.trust.TrustStore;
import dev.gatehouse.testing.RecordingAuditSink;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An update that weakens who vouches for a plugin waits for consent like one that widens what it
 * may do: a signed {@code official} plugin once became active, unsigned and {@code unknown},
 * with changed code and no question asked.
 */
class TrustDowngradeTest {

    @TempDir
    Path tmp;

    PluginLifecycle lc;
    TrustStore trust;
    SigningKeys.SshKey release;
    int dirs;

    static PluginTree base(String version) {
        return PluginTree.named("crm")
                .version(version)
                .tool("crm_search", "read", "crm:read", "Search accounts.")
                .file("server.js", "// version " + version + "\n");
    }

    Path signed(PluginTree tree, SigningKeys.SshKey key) {
        var dir = tree.writeTo(tmp.resolve("src" + dirs++));
        key.sign(TreeDigest.of(dir), dir);
        return dir;
    }

    Path unsigned(PluginTree tree) {
        return tree.writeTo(tmp.resolve("src" + dirs++));
    }

    @BeforeEach
    void installSignedOfficial() {
        var clock = Clock.systemUTC();
        var home = new GatehouseHome(tmp.resolve("home"));
        trust = new TrustStore(home.trust(), clock);
        release = SigningKeys.sshEd25519(tmp, "release");
        trust.add("acme", release.publicKey(), TrustLevel.OFFICIAL);
        lc = new PluginLifecycle(home, OperatorConfig.defaults(), trust, new RecordingAuditSink(), clock, "cli:tester");
        try (var p = lc.prepare(signed(base("1.0.0"), release).toString(), s -> {})) {
            lc.install(p);
        }
        lc.enable(lc.proposeEnable("crm"), "--yes");
        assertThat(lc.find("crm").active().trustLevel()).isEqualTo(TrustLevel.OFFICIAL);
        assertThat(lc.find("crm").active().signature()).isEqualTo("verified");
    }

    UpdateOutcome update(Path source) {
        return lc.update("crm", Optional.of(source.toString()), s -> {});
    }

    @Test
    void anUnsignedUpdateOfASignedOfficialPluginWaitsForConsent() {
        var outcome = update(unsigned(base("1.0.1")));

        assertThat(outcome.kind()).isEqualTo(UpdateOutcome.Kind.PENDING);
        assertThat(CapabilityWords.describe(outcome.diff()))
                .contains("! signature changed: verified -> unsigned", "! trust changed: official -> unknown");
        var record = lc.find("crm");
        assertThat(record.active().version()).isEqualTo("1.0.0");
        assertThat(record.active().trustLevel()).isEqualTo(TrustLevel.OFFICIAL);
        // The proposal the operator is shown names the same downgrade.
        assertThat(CapabilityWords.describe(lc.proposeEnable("crm").diff().orElseThrow()))
                .contains("! signature changed: verified -> unsigned");
    }

    @Test
    void anUpdateSignedByAnotherTrustedPublisherKeyWaitsForConsent() {
        var other = SigningKeys.sshEd25519(tmp, "other");
        trust.add("acme", other.publicKey(), TrustLevel.COMMUNITY);
        var outcome = update(signed(base("1.0.1"), other));

        assertThat(outcome.kind()).isEqualTo(UpdateOutcome.Kind.PENDING);
        assertThat(CapabilityWords.describe(outcome.diff())).anyMatch(line -> line.startsWith("! signer changed: key"));
        assertThat(CapabilityWords.describe(outcome.diff())).contains("! trust changed: official -> community");
    }

    @Test
    void anUpdateSignedByTheSameKeyWithTheSameCapabilitiesBecomesActive() {
        var outcome = update(signed(base("1.0.1"), release));

        assertThat(outcome.kind()).isEqualTo(UpdateOutcome.Kind.ACTIVATED);
        assertThat(lc.find("crm").active().version()).isEqualTo("1.0.1");
    }
}
