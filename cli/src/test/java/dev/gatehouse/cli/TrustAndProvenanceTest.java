package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.plugins.testing.PluginTree;
import dev.gatehouse.plugins.testing.SigningKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publisher keys and plugin signatures through the CLI, with keys and signatures made by ssh-keygen and the JDK. */
class TrustAndProvenanceTest {

    @TempDir
    Path tmp;

    CliRun cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliRun(tmp.resolve("home"));
        Files.createDirectories(tmp.resolve("keys"));
    }

    /** Writes the plugin, asks the CLI for its digest (as a publisher would) and returns both. */
    Path plugin(PluginTree tree, String dir) {
        return tree.writeTo(tmp.resolve(dir));
    }

    String digest(Path dir) {
        var result = cli.run("plugins", "digest", dir.toString());
        assertThat(result.exitCode()).isZero();
        return result.out().strip();
    }

    @Test
    void aPluginSignedWithSshKeygenByATrustedPublisherGetsThatPublishersLevel() {
        var key = SigningKeys.sshEd25519(tmp.resolve("keys"), "acme");
        var added = cli.run("trust", "add", "acme", "--key", key.publicKey().toString(), "--level", "official");
        assertThat(added.exitCode()).as(added.all()).isZero();
        assertThat(added.out()).contains(key.fingerprint());
        assertThat(cli.run("trust", "list").out())
                .contains("acme")
                .contains("official")
                .contains(key.fingerprint());

        var dir = plugin(PluginTree.named("crm").publisher("acme"), "crm");
        key.sign(digest(dir), dir);

        var install = cli.run("plugins", "install", "--yes", dir.toString());
        assertThat(install.exitCode()).as(install.all()).isZero();
        assertThat(install.out())
                .contains("trust level: official")
                .contains("signature verified with key " + key.fingerprint());
        assertThat(cli.run("plugins", "list").out()).contains("official");
    }

    @Test
    void aJdkEd25519SignatureWithAPemKeyVerifiesToo() {
        var key = SigningKeys.jdkEd25519(tmp.resolve("keys"), "acme");
        cli.run("trust", "add", "acme", "--key", key.publicKeyPem().toString(), "--level", "community");
        var dir = plugin(PluginTree.named("crm").publisher("acme"), "crm");
        key.sign(digest(dir), dir);

        var install = cli.run("plugins", "install", "--yes", dir.toString());
        assertThat(install.exitCode()).as(install.all()).isZero();
        assertThat(install.out()).contains("trust level: community");
    }

    @Test
    void aSignatureByAnotherTrustedPublishersKeyIsRefused() {
        var mallory = SigningKeys.sshEd25519(tmp.resolve("keys"), "mallory");
        cli.run("trust", "add", "mallory", "--key", mallory.publicKey().toString(), "--level", "community");
        var dir = plugin(PluginTree.named("crm").publisher("acme"), "crm");
        mallory.sign(digest(dir), dir);

        var install = cli.run("plugins", "install", "--yes", dir.toString());
        assertThat(install.exitCode()).isEqualTo(1);
        assertThat(install.err()).contains("acme").contains("mallory");
        assertThat(cli.run("plugins", "list").out()).contains("No plugins installed");
    }

    @Test
    void aTreeChangedAfterSigningIsRefusedWhenItsPublisherIsTrusted() throws Exception {
        var key = SigningKeys.sshEd25519(tmp.resolve("keys"), "acme");
        cli.run("trust", "add", "acme", "--key", key.publicKey().toString(), "--level", "official");
        var dir = plugin(PluginTree.named("crm").publisher("acme"), "crm");
        key.sign(digest(dir), dir);
        Files.writeString(dir.resolve("dist/index.js"), "// swapped after signing\n");

        var install = cli.run("plugins", "install", "--yes", dir.toString());
        assertThat(install.exitCode()).isEqualTo(1);
        assertThat(cli.run("plugins", "list").out()).contains("No plugins installed");
    }

    @Test
    void requireSignedInGatehouseYamlRefusesUnsignedPlugins() throws Exception {
        Files.createDirectories(tmp.resolve("home"));
        Files.writeString(tmp.resolve("home/gatehouse.yaml"), "plugins:\n  require_signed: true\n");
        var install = cli.run(
                "plugins",
                "install",
                "--yes",
                plugin(PluginTree.named("crm"), "crm").toString());
        assertThat(install.exitCode()).isEqualTo(1);
        assertThat(install.err()).contains("require_signed");
    }

    @Test
    void anAllowlistInGatehouseYamlStopsANameSquatter() throws Exception {
        Files.createDirectories(tmp.resolve("home"));
        Files.writeString(
                tmp.resolve("home/gatehouse.yaml"),
                "plugins:\n  allowlist:\n    - {name: crm, package: acme-crm, publisher: acme}\n");
        var squatter = plugin(PluginTree.named("crm").packageName("crm-tools").publisher("acme"), "squat");

        var install = cli.run("plugins", "install", "--yes", squatter.toString());
        assertThat(install.exitCode()).isEqualTo(1);
        assertThat(install.err()).contains("SECURITY").contains("squatting");
    }

    @Test
    void trustRemoveForgetsThePublisher() {
        var key = SigningKeys.sshEd25519(tmp.resolve("keys"), "acme");
        cli.run("trust", "add", "acme", "--key", key.publicKey().toString(), "--level", "official");
        assertThat(cli.run("trust", "remove", "acme").exitCode()).isZero();
        assertThat(cli.run("trust", "list").out()).contains("No trusted publishers");
        assertThat(cli.run("trust", "remove", "acme").exitCode()).isEqualTo(1);
    }

    @Test
    void aBadLevelOrKeyFileIsRefusedClearly() throws Exception {
        var key = SigningKeys.sshEd25519(tmp.resolve("keys"), "acme");
        var badLevel = cli.run("trust", "add", "acme", "--key", key.publicKey().toString(), "--level", "unknown");
        assertThat(badLevel.exitCode()).isEqualTo(2);
        var rsa = SigningKeys.ssh(tmp.resolve("keys"), "rsa", "rsa");
        var badKey = cli.run("trust", "add", "acme", "--key", rsa.publicKey().toString(), "--level", "official");
        assertThat(badKey.exitCode()).isEqualTo(1);
        assertThat(badKey.err()).containsIgnoringCase("ed25519");
    }
}
