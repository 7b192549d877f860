package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.plugins.testing.Archives;
import dev.gatehouse.plugins.testing.GitRepos;
import dev.gatehouse.plugins.testing.PluginTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installing from each kind of source, and hostile archives, through the CLI. */
class InstallSourcesTest {

    @TempDir
    Path tmp;

    Path home;
    CliRun cli;

    @BeforeEach
    void setUp() {
        home = tmp.resolve("home");
        cli = new CliRun(home);
    }

    static String manifest(String version) {
        return PluginTree.named("crm").version(version).manifestText();
    }

    @Test
    void aGitSourceWithATagIsInstalledAtThatTagsCommit() throws Exception {
        try (var repo = GitRepos.create(tmp.resolve("repo"))) {
            repo.file("plugin.yaml", manifest("1.0.0")).file("dist/index.js", "//1\n");
            var v1 = repo.commit("v1");
            repo.tag("v1.0.0");
            repo.file("plugin.yaml", manifest("2.0.0"));
            repo.commit("v2");

            var result = cli.run("plugins", "install", "--yes", repo.url() + "#v1.0.0");

            assertThat(result.exitCode()).as(result.all()).isZero();
            assertThat(result.out()).contains("crm 1.0.0").contains("pinned to commit " + v1);
            assertThat(result.out()).doesNotContain("named no commit");
        }
    }

    @Test
    void aGitSourceWithoutARefIsPinnedToTheCommitItResolvesToAndTheOperatorIsTold() throws Exception {
        try (var repo = GitRepos.create(tmp.resolve("repo"))) {
            repo.file("plugin.yaml", manifest("1.0.0")).file("dist/index.js", "//1\n");
            var head = repo.commit("v1");

            var result = cli.run("plugins", "install", "--yes", repo.url());

            assertThat(result.exitCode()).as(result.all()).isZero();
            assertThat(result.out()).contains("pinned to commit " + head);
            assertThat(cli.run("plugins", "inspect", "crm").out()).contains("pinned to commit " + head);
        }
    }

    @Test
    void aZipAndATarGzInstallAndDigestLikeTheDirectory() throws Exception {
        var text = manifest("1.0.0");
        var zip = Archives.zip()
                .file("crm/plugin.yaml", text)
                .file("crm/dist/index.js", "//x\n")
                .writeTo(tmp.resolve("crm.zip"));
        var tgz = Archives.tarGz()
                .file("plugin.yaml", text)
                .file("dist/index.js", "//x\n")
                .writeTo(tmp.resolve("crm.tar.gz"));
        var dir = tmp.resolve("dir");
        Files.createDirectories(dir.resolve("dist"));
        Files.writeString(dir.resolve("plugin.yaml"), text);
        Files.writeString(dir.resolve("dist/index.js"), "//x\n");

        var digest = cli.run("plugins", "digest", dir.toString()).out().strip();
        assertThat(cli.run("plugins", "install", "--yes", zip.toString()).out()).contains(digest);
        cli.run("plugins", "remove", "crm");
        assertThat(cli.run("plugins", "install", "--yes", tgz.toString()).out()).contains(digest);
    }

    @Test
    void aZipSlipEntryIsRefusedByNameAndLeavesNothingBehind() throws Exception {
        var zip = Archives.zip()
                .file("plugin.yaml", manifest("1.0.0"))
                .file("../../outside.txt", "pwned")
                .writeTo(tmp.resolve("evil.zip"));

        var result = cli.run("plugins", "install", "--yes", zip.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("../../outside.txt");
        assertThat(tmp.resolve("outside.txt")).doesNotExist();
        assertNothingInstalled();
    }

    @Test
    void aTarSymlinkEscapeIsRefused() throws Exception {
        var tgz = Archives.tarGz()
                .file("plugin.yaml", manifest("1.0.0"))
                .symlink("etc", "/etc")
                .file("etc/cron.d/evil", "* * * * * root sh")
                .writeTo(tmp.resolve("evil.tar.gz"));

        var result = cli.run("plugins", "install", "--yes", tgz.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("etc");
        assertNothingInstalled();
    }

    @Test
    void aCompressionBombIsRefusedAndLeavesNothingBehind() throws Exception {
        var bomb = Archives.zip()
                .file("plugin.yaml", manifest("1.0.0"))
                .zeros("data.bin", 200L * 1024 * 1024)
                .writeTo(tmp.resolve("bomb.zip"));

        var result = cli.run("plugins", "install", "--yes", bomb.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("data.bin");
        assertNothingInstalled();
    }

    @Test
    void aDeviceEntryIsRefused() throws Exception {
        var tgz = Archives.tarGz()
                .file("plugin.yaml", manifest("1.0.0"))
                .charDevice("dev/mem")
                .writeTo(tmp.resolve("dev.tar.gz"));
        var result = cli.run("plugins", "install", "--yes", tgz.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("dev/mem");
        assertNothingInstalled();
    }

    @Test
    void anUnrecognisedSourceSaysWhatIsAccepted() {
        var result = cli.run("plugins", "install", "--yes", "ftp://example.com/crm.zip");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("ftp");
    }

    @Test
    void gitOverSshIsRefusedWithAnExplanationRatherThanAFailedClone() {
        var result = cli.run("plugins", "install", "--yes", "git@example.org:acme/crm.git#v1");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("ssh is not supported");
    }

    void assertNothingInstalled() throws Exception {
        assertThat(cli.run("plugins", "list").out()).contains("No plugins installed");
        var staging = home.resolve("plugins/.staging");
        if (Files.exists(staging)) {
            try (Stream<Path> left = Files.list(staging)) {
                assertThat(left).isEmpty();
            }
        }
        try (Stream<Path> entries = Files.list(home.resolve("plugins"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith("."));
        }
    }
}
